//! Replies and forwards as each mail client writes them, in each language it
//! is used in: the attribution line, header block, separator or opening line
//! the client writes, over a quoted message, as plain text and as the HTML the
//! client sends (turned into text the way vsd does for HTML-only mail), with
//! and without words of the writer's own. Every case asserts the verdict, the
//! first own line and that nothing of the quoted message is left.
//!
//! The samples are written here from the clients' own formats; they are not
//! read from `mail::quote::formats`, so a wrong or missing table entry fails.

use vsd::mail::quote::split;

/// How the quoted message follows the marker.
#[derive(Clone, Copy, PartialEq)]
enum Form {
    /// A reply: the quote is a `>` block (a `<blockquote>` in HTML).
    Reply,
    /// A forward: the forwarded message follows as plain lines.
    Forward,
    /// Outlook for Mac: the quoted message indented, without `>`.
    Indented,
}

use Form::*;

/// (client, language, form, what the client writes above the quote).
const SAMPLES: &[(&str, &str, Form, &str)] = &[
    // ---- Gmail (web, Android, iOS write the same line) ----
    (
        "Gmail",
        "en",
        Reply,
        "On Thu, Mar 12, 2026 at 9:41 AM Kari Nordmann <kari@example.com> wrote:",
    ),
    (
        "Gmail",
        "de",
        Reply,
        "Am Do., 12. März 2026 um 09:41 Uhr schrieb Kari Nordmann <kari@example.com>:",
    ),
    (
        "Gmail",
        "fr",
        Reply,
        "Le jeu. 12 mars 2026 à 09:41, Kari Nordmann <kari@example.com> a écrit :",
    ),
    (
        "Gmail",
        "it",
        Reply,
        "Il giorno gio 12 mar 2026 alle ore 09:41 Kari Nordmann <kari@example.com> ha scritto:",
    ),
    (
        "Gmail",
        "es",
        Reply,
        "El jue, 12 mar 2026 a las 9:41, Kari Nordmann (<kari@example.com>) escribió:",
    ),
    (
        "Gmail",
        "pl",
        Reply,
        "czw., 12 mar 2026 o 09:41 Kari Nordmann <kari@example.com> napisał(a):",
    ),
    (
        "Gmail",
        "uk",
        Reply,
        "чт, 12 бер. 2026 р. о 09:41 Kari Nordmann <kari@example.com> пише:",
    ),
    (
        "Gmail",
        "ro",
        Reply,
        "Pe joi, 12 mar. 2026 la 09:41, Kari Nordmann <kari@example.com> a scris:",
    ),
    (
        "Gmail",
        "nl",
        Reply,
        "Op do 12 mrt 2026 om 09:41 schreef Kari Nordmann <kari@example.com>:",
    ),
    (
        "Gmail",
        "tr",
        Reply,
        "Kari Nordmann <kari@example.com>, 12 Mar 2026 Per, 09:41 tarihinde şunu yazdı:",
    ),
    (
        "Gmail",
        "ru",
        Reply,
        "чт, 12 мар. 2026 г. в 09:41, Kari Nordmann <kari@example.com>:",
    ),
    (
        "Gmail",
        "pt",
        Reply,
        "Em qui., 12 de mar. de 2026 às 09:41, Kari Nordmann <kari@example.com> escreveu:",
    ),
    (
        "Gmail",
        "el",
        Reply,
        "Στις Πέμ 12 Μαρ 2026 στις 9:41 π.μ., ο/η Kari Nordmann <kari@example.com> έγραψε:",
    ),
    (
        "Gmail",
        "cs",
        Reply,
        "čt 12. 3. 2026 v 9:41 odesílatel Kari Nordmann <kari@example.com> napsal:",
    ),
    (
        "Gmail",
        "hu",
        Reply,
        "Kari Nordmann <kari@example.com> ezt írta (időpont: 2026. márc. 12., Cs, 9:41):",
    ),
    (
        "Gmail",
        "sv",
        Reply,
        "Den tors 12 mars 2026 kl 09:41 skrev Kari Nordmann <kari@example.com>:",
    ),
    (
        "Gmail",
        "sr",
        Reply,
        "чет, 12. мар 2026. у 09:41 Kari Nordmann <kari@example.com> је написао/ла:",
    ),
    (
        "Gmail",
        "bg",
        Reply,
        "чт, 12.03.2026 г. в 9:41 ч. Kari Nordmann <kari@example.com> написа:",
    ),
    (
        "Gmail",
        "da",
        Reply,
        "Den tors. 12. mar. 2026 kl. 09.41 skrev Kari Nordmann <kari@example.com>:",
    ),
    (
        "Gmail",
        "fi",
        Reply,
        "to 12.3.2026 klo 9.41 Kari Nordmann (kari@example.com) kirjoitti:",
    ),
    (
        "Gmail",
        "sk",
        Reply,
        "št 12. 3. 2026 o 9:41 Kari Nordmann <kari@example.com> napísal(a):",
    ),
    (
        "Gmail",
        "nb",
        Reply,
        "tor. 12. mar. 2026 kl. 09:41 skrev Kari Nordmann <kari@example.com>:",
    ),
    (
        "Gmail",
        "hr",
        Reply,
        "čet, 12. ožu 2026. u 09:41 Kari Nordmann <kari@example.com> napisao je:",
    ),
    (
        "Gmail",
        "lt",
        Reply,
        "2026-03-12, kt, 09:41 Kari Nordmann <kari@example.com> rašė:",
    ),
    (
        "Gmail",
        "sl",
        Reply,
        "V čet., 12. mar. 2026 ob 09:41 je Kari Nordmann <kari@example.com> napisal(a):",
    ),
    (
        "Gmail",
        "lv",
        Reply,
        "ceturtd., 2026. g. 12. marts, plkst. 09:41 — lietotājs Kari Nordmann (<kari@example.com>) rakstīja:",
    ),
    (
        "Gmail",
        "et",
        Reply,
        "N, 12. märts 2026 kell 09:41 Kari Nordmann <kari@example.com> kirjutas:",
    ),
    (
        "Gmail",
        "ca",
        Reply,
        "El dj., 12 de març 2026 a les 9:41, Kari Nordmann (<kari@example.com>) va escriure:",
    ),
    (
        "Gmail",
        "sq",
        Reply,
        "Më enj, 12 mar 2026 në 9:41 Kari Nordmann <kari@example.com> shkroi:",
    ),
    (
        "Gmail",
        "mk",
        Reply,
        "чет., 12 мар. 2026 во 09:41 Kari Nordmann <kari@example.com> напиша:",
    ),
    (
        "Gmail",
        "ar",
        Reply,
        "\u{202b}في الخميس، 12 مارس 2026 في 9:41 ص تمت كتابة ما يلي بواسطة \u{202a}Kari Nordmann\u{202c}\u{200f} <\u{202a}kari@example.com\u{202c}\u{200f}>:\u{202c}",
    ),
    (
        "Gmail",
        "zh",
        Reply,
        "Kari Nordmann <kari@example.com> 于2026年3月12日周四 09:41写道：",
    ),
    (
        "Gmail",
        "ja",
        Reply,
        "2026年3月12日(木) 9:41 Kari Nordmann <kari@example.com>:",
    ),
    (
        "Gmail",
        "ko",
        Reply,
        "2026년 3월 12일 (목) 오전 9:41, Kari Nordmann <kari@example.com>님이 작성:",
    ),
    (
        "Gmail",
        "en",
        Forward,
        "---------- Forwarded message ---------\nFrom: Kari Nordmann <kari@example.com>\nDate: Thu, Mar 12, 2026 at 9:41 AM\nSubject: Payment fails\nTo: Ola Nordmann <ola@example.com>",
    ),
    (
        "Gmail",
        "de",
        Forward,
        "---------- Weitergeleitete Nachricht ---------\nVon: Kari Nordmann <kari@example.com>\nDate: Do., 12. März 2026 um 09:41 Uhr\nSubject: Zahlung\nTo: Ola Nordmann <ola@example.com>",
    ),
    (
        "Gmail",
        "fr",
        Forward,
        "---------- Message transféré ---------\nDe : Kari Nordmann <kari@example.com>\nDate: jeu. 12 mars 2026 à 09:41\nSubject: Paiement\nTo: Ola Nordmann <ola@example.com>",
    ),
    (
        "Gmail",
        "pl",
        Forward,
        "---------- Wiadomość przekazana dalej ---------\nOd: Kari Nordmann <kari@example.com>\nDate: czw., 12 mar 2026 o 09:41\nSubject: Płatność\nTo: Ola Nordmann <ola@example.com>",
    ),
    (
        "Gmail",
        "ru",
        Forward,
        "---------- Пересылаемое сообщение ---------\nОт: Kari Nordmann <kari@example.com>\nDate: чт, 12 мар. 2026 г. в 09:41\nSubject: Платёж\nTo: Ola Nordmann <ola@example.com>",
    ),
    (
        "Gmail",
        "nb",
        Forward,
        "---------- Videresendt melding ---------\nFra: Kari Nordmann <kari@example.com>\nDate: tor. 12. mar. 2026 kl. 09:41\nSubject: Betaling\nTo: Ola Nordmann <ola@example.com>",
    ),
    (
        "Gmail",
        "ja",
        Forward,
        "---------- 転送されたメッセージ ---------\nFrom: Kari Nordmann <kari@example.com>\nDate: 2026年3月12日(木) 9:41\nSubject: 支払い\nTo: Ola Nordmann <ola@example.com>",
    ),
    // ---- Outlook (Windows, new Outlook, Outlook on the web) ----
    (
        "Outlook",
        "en",
        Forward,
        "-----Original Message-----\nFrom: Kari Nordmann <kari@example.com>\nSent: Thursday, March 12, 2026 9:41 AM\nTo: Ola Nordmann <ola@example.com>\nSubject: RE: Payment fails",
    ),
    (
        "Outlook",
        "en",
        Forward,
        "________________________________\nFrom: Kari Nordmann <kari@example.com>\nSent: Thursday, March 12, 2026 9:41 AM\nTo: Ola Nordmann <ola@example.com>\nCc: Desk <desk@example.com>\nSubject: Payment fails",
    ),
    (
        "Outlook",
        "de",
        Forward,
        "Von: Kari Nordmann <kari@example.com>\nGesendet: Donnerstag, 12. März 2026 09:41\nAn: Ola Nordmann <ola@example.com>\nBetreff: AW: Zahlung",
    ),
    (
        "Outlook",
        "fr",
        Forward,
        "De : Kari Nordmann <kari@example.com>\nEnvoyé : jeudi 12 mars 2026 09:41\nÀ : Ola Nordmann <ola@example.com>\nObjet : RE: Paiement",
    ),
    (
        "Outlook",
        "it",
        Forward,
        "Da: Kari Nordmann <kari@example.com>\nInviato: giovedì 12 marzo 2026 09:41\nA: Ola Nordmann <ola@example.com>\nOggetto: R: Pagamento",
    ),
    (
        "Outlook",
        "es",
        Forward,
        "De: Kari Nordmann <kari@example.com>\nEnviado: jueves, 12 de marzo de 2026 9:41\nPara: Ola Nordmann <ola@example.com>\nAsunto: RE: Pago",
    ),
    (
        "Outlook",
        "pl",
        Forward,
        "Od: Kari Nordmann <kari@example.com>\nWysłane: czwartek, 12 marca 2026 09:41\nDo: Ola Nordmann <ola@example.com>\nTemat: Odp: Płatność",
    ),
    (
        "Outlook",
        "uk",
        Forward,
        "Від: Kari Nordmann <kari@example.com>\nНадіслано: 12 березня 2026 р. 9:41\nКому: Ola Nordmann <ola@example.com>\nТема: Платіж",
    ),
    (
        "Outlook",
        "ro",
        Forward,
        "De la: Kari Nordmann <kari@example.com>\nTrimis: joi, 12 martie 2026 09:41\nCătre: Ola Nordmann <ola@example.com>\nSubiect: Plată",
    ),
    (
        "Outlook",
        "nl",
        Forward,
        "Van: Kari Nordmann <kari@example.com>\nVerzonden: donderdag 12 maart 2026 09:41\nAan: Ola Nordmann <ola@example.com>\nOnderwerp: Antw: Betaling",
    ),
    (
        "Outlook",
        "tr",
        Forward,
        "Kimden: Kari Nordmann <kari@example.com>\nGönderildi: 12 Mart 2026 Perşembe 09:41\nKime: Ola Nordmann <ola@example.com>\nKonu: YNT: Ödeme",
    ),
    (
        "Outlook",
        "ru",
        Forward,
        "От: Kari Nordmann <kari@example.com>\nОтправлено: 12 марта 2026 г. 9:41\nКому: Ola Nordmann <ola@example.com>\nТема: RE: Платёж",
    ),
    (
        "Outlook",
        "pt",
        Forward,
        "De: Kari Nordmann <kari@example.com>\nEnviado: quinta-feira, 12 de março de 2026 09:41\nPara: Ola Nordmann <ola@example.com>\nAssunto: RE: Pagamento",
    ),
    (
        "Outlook",
        "el",
        Forward,
        "Από: Kari Nordmann <kari@example.com>\nΣτάλθηκε: Πέμπτη, 12 Μαρτίου 2026 9:41 π.μ.\nΠρος: Ola Nordmann <ola@example.com>\nΘέμα: ΑΠ: Πληρωμή",
    ),
    (
        "Outlook",
        "cs",
        Forward,
        "Od: Kari Nordmann <kari@example.com>\nOdesláno: čtvrtek 12. března 2026 9:41\nKomu: Ola Nordmann <ola@example.com>\nPředmět: Platba",
    ),
    (
        "Outlook",
        "hu",
        Forward,
        "Feladó: Kari Nordmann <kari@example.com>\nElküldve: 2026. március 12., csütörtök 9:41\nCímzett: Ola Nordmann <ola@example.com>\nTárgy: Vá: Fizetés",
    ),
    (
        "Outlook",
        "sv",
        Forward,
        "Från: Kari Nordmann <kari@example.com>\nSkickat: den 12 mars 2026 09:41\nTill: Ola Nordmann <ola@example.com>\nÄmne: SV: Betalning",
    ),
    (
        "Outlook",
        "sr",
        Forward,
        "Od: Kari Nordmann <kari@example.com>\nPoslato: četvrtak, 12. mart 2026. 09:41\nZa: Ola Nordmann <ola@example.com>\nTema: Plaćanje",
    ),
    (
        "Outlook",
        "bg",
        Forward,
        "От: Kari Nordmann <kari@example.com>\nИзпратено: четвъртък, 12 март 2026 г. 9:41\nДо: Ola Nordmann <ola@example.com>\nОтносно: Плащане",
    ),
    (
        "Outlook",
        "da",
        Forward,
        "Fra: Kari Nordmann <kari@example.com>\nSendt: 12. marts 2026 09:41\nTil: Ola Nordmann <ola@example.com>\nEmne: SV: Betaling",
    ),
    (
        "Outlook",
        "fi",
        Forward,
        "Lähettäjä: Kari Nordmann <kari@example.com>\nLähetetty: torstai 12. maaliskuuta 2026 9.41\nVastaanottaja: Ola Nordmann <ola@example.com>\nAihe: VS: Maksu",
    ),
    (
        "Outlook",
        "sk",
        Forward,
        "Od: Kari Nordmann <kari@example.com>\nOdoslané: štvrtok, 12. marca 2026 9:41\nKomu: Ola Nordmann <ola@example.com>\nPredmet: Platba",
    ),
    (
        "Outlook",
        "nb",
        Forward,
        "Fra: Kari Nordmann <kari@example.com>\nSendt: torsdag 12. mars 2026 09:41\nTil: Ola Nordmann <ola@example.com>\nEmne: SV: Betaling",
    ),
    (
        "Outlook",
        "hr",
        Forward,
        "Šalje: Kari Nordmann <kari@example.com>\nPoslano: četvrtak, 12. ožujka 2026. 09:41\nPrima: Ola Nordmann <ola@example.com>\nPredmet: Plaćanje",
    ),
    (
        "Outlook",
        "lt",
        Forward,
        "Nuo: Kari Nordmann <kari@example.com>\nIšsiųsta: 2026 m. kovo 12 d. 09:41\nKam: Ola Nordmann <ola@example.com>\nTema: Mokėjimas",
    ),
    (
        "Outlook",
        "sl",
        Forward,
        "Od: Kari Nordmann <kari@example.com>\nPoslano: četrtek, 12. marec 2026 09:41\nZa: Ola Nordmann <ola@example.com>\nZadeva: Plačilo",
    ),
    (
        "Outlook",
        "lv",
        Forward,
        "No: Kari Nordmann <kari@example.com>\nNosūtīts: ceturtdiena, 2026. gada 12. marts 09:41\nKam: Ola Nordmann <ola@example.com>\nTēma: Maksājums",
    ),
    (
        "Outlook",
        "et",
        Forward,
        "Saatja: Kari Nordmann <kari@example.com>\nSaadetud: neljapäev, 12. märts 2026 09:41\nAdressaat: Ola Nordmann <ola@example.com>\nTeema: Makse",
    ),
    (
        "Outlook",
        "ca",
        Forward,
        "De: Kari Nordmann <kari@example.com>\nEnviat: dijous, 12 de març de 2026 9:41\nPer a: Ola Nordmann <ola@example.com>\nAssumpte: Pagament",
    ),
    (
        "Outlook",
        "sq",
        Forward,
        "Nga: Kari Nordmann <kari@example.com>\nDërguar: e enjte, 12 mars 2026 09:41\nPër: Ola Nordmann <ola@example.com>\nSubjekti: Pagesa",
    ),
    (
        "Outlook",
        "mk",
        Forward,
        "Од: Kari Nordmann <kari@example.com>\nИспратено: четврток, 12 март 2026 09:41\nДо: Ola Nordmann <ola@example.com>\nТема: Плаќање",
    ),
    (
        "Outlook",
        "ar",
        Forward,
        "من: Kari Nordmann <kari@example.com>\nتم الإرسال: الخميس، 12 مارس، 2026 09:41 ص\nإلى: Ola Nordmann <ola@example.com>\nالموضوع: دفع",
    ),
    (
        "Outlook",
        "zh",
        Forward,
        "发件人: Kari Nordmann <kari@example.com>\n发送时间: 2026年3月12日 9:41\n收件人: Ola Nordmann <ola@example.com>\n主题: 回复: 付款",
    ),
    (
        "Outlook",
        "zh",
        Forward,
        "寄件者: Kari Nordmann <kari@example.com>\n寄件日期: 2026年3月12日 上午 09:41\n收件者: Ola Nordmann <ola@example.com>\n主旨: 付款",
    ),
    (
        "Outlook",
        "ja",
        Forward,
        "差出人: Kari Nordmann <kari@example.com>\n送信日時: 2026年3月12日 9:41\n宛先: Ola Nordmann <ola@example.com>\n件名: RE: 支払い",
    ),
    (
        "Outlook",
        "ko",
        Forward,
        "보낸 사람: Kari Nordmann <kari@example.com>\n보낸 날짜: 2026년 3월 12일 목요일 오전 9:41\n받는 사람: Ola Nordmann <ola@example.com>\n제목: 회신: 결제",
    ),
    // ---- Outlook for Mac ----
    (
        "Outlook for Mac",
        "en",
        Indented,
        "On 12/03/2026, 09:41, \"Kari Nordmann\" <kari@example.com> wrote:",
    ),
    (
        "Outlook for Mac",
        "cs",
        Indented,
        "Dne 12.03.26 9:41, \"Kari Nordmann\" <kari@example.com> napsal/a:",
    ),
    (
        "Outlook for Mac",
        "hu",
        Indented,
        "2026.03.12. 9:41 keltezéssel, \"Kari Nordmann\" <kari@example.com> írta:",
    ),
    (
        "Outlook for Mac",
        "nl",
        Indented,
        "Op 12-03-2026 09:41 heeft Kari Nordmann <kari@example.com> het volgende geschreven:",
    ),
    (
        "Outlook for Mac",
        "sk",
        Indented,
        "Dňa 12.03.2026 9:41 používateľ \"Kari Nordmann\" <kari@example.com> napísal:",
    ),
    (
        "Outlook for Mac",
        "tr",
        Indented,
        "12.03.2026 09:41 tarihinde \"Kari Nordmann\" <kari@example.com> şunu yazdı:",
    ),
    (
        "Outlook for Mac",
        "en",
        Forward,
        "From: Kari Nordmann <kari@example.com>\nDate: Thursday, 12 March 2026 at 09:41\nTo: Ola Nordmann <ola@example.com>\nSubject: Payment fails",
    ),
    // ---- Apple Mail and iOS Mail ----
    (
        "Apple Mail",
        "en",
        Reply,
        "On 12 Mar 2026, at 09:41, Kari Nordmann <kari@example.com> wrote:",
    ),
    (
        "Apple Mail",
        "de",
        Reply,
        "Am 12.03.2026 um 09:41 schrieb Kari Nordmann <kari@example.com>:",
    ),
    (
        "Apple Mail",
        "fr",
        Reply,
        "Le 12 mars 2026 à 09:41, Kari Nordmann <kari@example.com> a écrit :",
    ),
    (
        "Apple Mail",
        "pl",
        Reply,
        "Wiadomość napisana przez Kari Nordmann <kari@example.com> w dniu 12.03.2026, o godz. 09:41:",
    ),
    (
        "Apple Mail",
        "nb",
        Reply,
        "12. mar. 2026 kl. 09:41 skrev Kari Nordmann <kari@example.com>:",
    ),
    (
        "Apple Mail",
        "el",
        Reply,
        "Στις 12 Μαρ 2026, στις 9:41 π.μ., ο χρήστης Kari Nordmann <kari@example.com> έγραψε:",
    ),
    (
        "Apple Mail",
        "ru",
        Reply,
        "12 марта 2026 г., в 9:41, Kari Nordmann <kari@example.com> написал(а):",
    ),
    (
        "Apple Mail",
        "ar",
        Reply,
        "في 12 مارس 2026، الساعة 9:41 ص، كتب Kari Nordmann <kari@example.com>:",
    ),
    (
        "Apple Mail",
        "ja",
        Reply,
        "2026/03/12 9:41、Kari Nordmann <kari@example.com>のメール:",
    ),
    (
        "Apple Mail",
        "zh",
        Reply,
        "2026年3月12日 09:41，Kari Nordmann <kari@example.com> 写道：",
    ),
    (
        "Apple Mail",
        "ko",
        Reply,
        "2026. 3. 12. 오전 9:41, Kari Nordmann <kari@example.com> 작성:",
    ),
    (
        "Apple Mail",
        "en",
        Forward,
        "Begin forwarded message:\n\nFrom: Kari Nordmann <kari@example.com>\nSubject: Payment fails\nDate: 12 March 2026 at 09:41:00 CET\nTo: Ola Nordmann <ola@example.com>",
    ),
    (
        "Apple Mail",
        "de",
        Forward,
        "Anfang der weitergeleiteten Nachricht:\n\nVon: Kari Nordmann <kari@example.com>\nBetreff: Zahlung\nDatum: 12. März 2026 um 09:41:00 MEZ\nAn: Ola Nordmann <ola@example.com>",
    ),
    (
        "Apple Mail",
        "fr",
        Forward,
        "Début du message réexpédié :\n\nDe: Kari Nordmann <kari@example.com>\nObjet: Paiement\nDate: 12 mars 2026 à 09:41:00 UTC+1\nÀ: Ola Nordmann <ola@example.com>",
    ),
    (
        "Apple Mail",
        "pl",
        Forward,
        "Początek przekazywanej wiadomości:\n\nOd: Kari Nordmann <kari@example.com>\nTemat: Płatność\nData: 12 marca 2026 o 09:41:00 CET\nDo: Ola Nordmann <ola@example.com>",
    ),
    (
        "Apple Mail",
        "nb",
        Forward,
        "Start på videresendt melding:\n\nFra: Kari Nordmann <kari@example.com>\nEmne: Betaling\nDato: 12. mars 2026 kl. 09:41:00 CET\nTil: Ola Nordmann <ola@example.com>",
    ),
    (
        "Apple Mail",
        "zh",
        Forward,
        "以下是转发的邮件：\n\n发件人: Kari Nordmann <kari@example.com>\n主题: 付款\n日期: 2026年3月12日 GMT+1 09:41:00\n收件人: Ola Nordmann <ola@example.com>",
    ),
    // ---- Thunderbird ----
    (
        "Thunderbird",
        "en",
        Reply,
        "On 12/03/2026 09:41, Kari Nordmann wrote:",
    ),
    (
        "Thunderbird",
        "de",
        Reply,
        "Am 12.03.26 um 09:41 schrieb Kari Nordmann:",
    ),
    (
        "Thunderbird",
        "cs",
        Reply,
        "Dne 12. 03. 26 v 9:41 Kari Nordmann napsal(a):",
    ),
    (
        "Thunderbird",
        "pl",
        Reply,
        "W dniu 12.03.2026 o 09:41, Kari Nordmann pisze:",
    ),
    (
        "Thunderbird",
        "ro",
        Reply,
        "Pe 12.03.2026 09:41, Kari Nordmann a scris:",
    ),
    (
        "Thunderbird",
        "en",
        Forward,
        "-------- Forwarded Message --------\nSubject: \tPayment fails\nDate: \tThu, 12 Mar 2026 09:41:00 +0100\nFrom: \tKari Nordmann <kari@example.com>\nTo: \tOla Nordmann <ola@example.com>",
    ),
    (
        "Thunderbird",
        "cs",
        Forward,
        "-------- Přeposlaná zpráva --------\nPředmět: \tPlatba\nDatum: \tThu, 12 Mar 2026 09:41:00 +0100\nOd: \tKari Nordmann <kari@example.com>\nKomu: \tOla Nordmann <ola@example.com>",
    ),
    (
        "Thunderbird",
        "fi",
        Forward,
        "-------- Välitetty viesti --------\nAihe: \tMaksu\nPäivämäärä: \tThu, 12 Mar 2026 09:41:00 +0100\nLähettäjä: \tKari Nordmann <kari@example.com>\nVastaanottaja: \tOla Nordmann <ola@example.com>",
    ),
    (
        "Thunderbird",
        "hr",
        Forward,
        "-------- Proslijeđena poruka --------\nPredmet: \tPlaćanje\nDatum: \tThu, 12 Mar 2026 09:41:00 +0100\nŠalje: \tKari Nordmann <kari@example.com>\nPrima: \tOla Nordmann <ola@example.com>",
    ),
    (
        "Thunderbird",
        "hu",
        Forward,
        "-------- Továbbított üzenet --------\nTárgy: \tFizetés\nDátum: \tThu, 12 Mar 2026 09:41:00 +0100\nFeladó: \tKari Nordmann <kari@example.com>\nCímzett: \tOla Nordmann <ola@example.com>",
    ),
    (
        "Thunderbird",
        "it",
        Forward,
        "-------- Messaggio Inoltrato --------\nOggetto: \tPagamento\nData: \tThu, 12 Mar 2026 09:41:00 +0100\nMittente: \tKari Nordmann <kari@example.com>\nA: \tOla Nordmann <ola@example.com>",
    ),
    (
        "Thunderbird",
        "pl",
        Forward,
        "-------- Przekazana wiadomość --------\nTemat: \tPłatność\nData: \tThu, 12 Mar 2026 09:41:00 +0100\nOd: \tKari Nordmann <kari@example.com>\nDo: \tOla Nordmann <ola@example.com>",
    ),
    (
        "Thunderbird",
        "ro",
        Forward,
        "-------- Mesaj redirecționat --------\nSubiect: \tPlată\nDată: \tThu, 12 Mar 2026 09:41:00 +0100\nDe la: \tKari Nordmann <kari@example.com>\nCătre: \tOla Nordmann <ola@example.com>",
    ),
    (
        "Thunderbird",
        "sk",
        Forward,
        "-------- Preposlaná správa --------\nPredmet: \tPlatba\nDátum: \tThu, 12 Mar 2026 09:41:00 +0100\nOd: \tKari Nordmann <kari@example.com>\nKomu: \tOla Nordmann <ola@example.com>",
    ),
    (
        "Thunderbird",
        "tr",
        Forward,
        "-------- İletilmiş Mesaj --------\nKonu: \tÖdeme\nTarih: \tThu, 12 Mar 2026 09:41:00 +0100\nKimden: \tKari Nordmann <kari@example.com>\nKime: \tOla Nordmann <ola@example.com>",
    ),
    (
        "Thunderbird",
        "uk",
        Forward,
        "-------- Пересилаємо повідомлення --------\nТема: \tПлатіж\nДата: \tThu, 12 Mar 2026 09:41:00 +0100\nВід: \tKari Nordmann <kari@example.com>\nКому: \tOla Nordmann <ola@example.com>",
    ),
    (
        "Thunderbird",
        "de",
        Forward,
        "-------- Weitergeleitete Nachricht --------\nBetreff: \tZahlung\nDatum: \tThu, 12 Mar 2026 09:41:00 +0100\nVon: \tKari Nordmann <kari@example.com>\nAn: \tOla Nordmann <ola@example.com>",
    ),
    (
        "Thunderbird",
        "nb",
        Forward,
        "-------- Videresendt melding --------\nEmne: \tBetaling\nDato: \tThu, 12 Mar 2026 09:41:00 +0100\nFra: \tKari Nordmann <kari@example.com>\nTil: \tOla Nordmann <ola@example.com>",
    ),
    // ---- Yahoo ----
    (
        "Yahoo",
        "en",
        Reply,
        "On Thursday, March 12, 2026 at 09:41:00 AM GMT+1, Kari Nordmann <kari@example.com> wrote:",
    ),
    (
        "Yahoo",
        "en",
        Forward,
        "----- Forwarded Message ----- From: Kari Nordmann <kari@example.com> To: Ola Nordmann <ola@example.com> Sent: Thursday, March 12, 2026, 09:41:00 AM GMT+1 Subject: Payment fails",
    ),
    (
        "Yahoo",
        "fr",
        Reply,
        "Le jeudi 12 mars 2026 à 09:41:00 UTC+1, Kari Nordmann <kari@example.com> a écrit :",
    ),
    // ---- Proton ----
    (
        "Proton",
        "en",
        Reply,
        "On Thursday, March 12th, 2026 at 09:41, Kari Nordmann <kari@example.com> wrote:",
    ),
    (
        "Proton",
        "en",
        Forward,
        "------- Forwarded Message -------\nFrom: Kari Nordmann <kari@example.com>\nDate: On Thursday, March 12th, 2026 at 09:41\nSubject: Payment fails\nTo: Ola Nordmann <ola@example.com>",
    ),
    // ---- Zoho ----
    (
        "Zoho",
        "en",
        Reply,
        "---- On Thu, 12 Mar 2026 09:41:00 +0100 Kari Nordmann <kari@example.com> wrote ----",
    ),
    (
        "Zoho",
        "de",
        Reply,
        "---- Am Do, 12 Mär 2026 09:41:00 +0100 schrieb Kari Nordmann <kari@example.com> ----",
    ),
    (
        "Zoho",
        "en",
        Forward,
        "============ Forwarded message ============\nFrom: Kari Nordmann <kari@example.com>\nTo: Ola Nordmann <ola@example.com>\nDate: Thu, 12 Mar 2026 09:41:00 +0100\nSubject: Payment fails\n============ Forwarded message ============",
    ),
    // ---- GMX / Web.de ----
    (
        "GMX",
        "de",
        Forward,
        "Gesendet: Donnerstag, 12. März 2026 um 09:41 Uhr\nVon: \"Kari Nordmann\" <kari@example.com>\nAn: ola@example.com\nBetreff: Zahlung",
    ),
    (
        "GMX",
        "en",
        Forward,
        "Sent: Thursday, March 12, 2026 at 9:41 AM\nFrom: \"Kari Nordmann\" <kari@example.com>\nTo: ola@example.com\nSubject: Payment fails",
    ),
    (
        "Web.de",
        "de",
        Forward,
        "-------- Original-Nachricht --------\nBetreff: Zahlung\nDatum: 2026-03-12T09:41:00+01:00\nVon: \"Kari Nordmann\" <kari@example.com>\nAn: ola@example.com",
    ),
    // ---- Mail.ru and Yandex ----
    (
        "Mail.ru",
        "ru",
        Reply,
        "Четверг, 12 марта 2026, 9:41 +03:00 от Kari Nordmann <kari@example.com>:",
    ),
    (
        "Mail.ru",
        "ru",
        Forward,
        "-------- Пересылаемое сообщение --------\nОт кого: Kari Nordmann <kari@example.com>\nКому: ola@example.com\nДата: Четверг, 12 марта 2026, 9:41 +03:00\nТема: Платёж",
    ),
    (
        "Yandex",
        "ru",
        Reply,
        "12.03.2026, 09:41, \"Kari Nordmann\" <kari@example.com>:",
    ),
    (
        "Yandex",
        "ru",
        Forward,
        "-------- Начало переадресованного сообщения --------\n12.03.2026, 09:41, \"Kari Nordmann\" <kari@example.com>:",
    ),
    // ---- HubSpot, Front, Freshdesk ----
    (
        "HubSpot",
        "en",
        Reply,
        "On Thu, Mar 12, 2026 at 9:41 AM, Kari Nordmann <kari@example.com> wrote:",
    ),
    (
        "HubSpot",
        "ja",
        Forward,
        "---------- 転送メッセージ ----------\n送信者: Kari Nordmann <kari@example.com>\n日付: 2026年3月12日 9:41\n件名: 支払い\n宛先: ola@example.com",
    ),
    (
        "Front",
        "en",
        Reply,
        "On Thu, Mar 12, 2026 at 9:41 AM, Kari Nordmann <kari@example.com> wrote:",
    ),
    (
        "Freshdesk",
        "en",
        Reply,
        "On Thu, 12 Mar at 9:41 AM , Kari Nordmann <kari@example.com> wrote:",
    ),
    // ---- decorated and run-together separators ----
    (
        "Outlook",
        "fr",
        Forward,
        "** De : Kari Nordmann <kari@example.com> **\n\n** Envoyé : jeudi 12 mars 2026 09:41 **\n\n** À : Ola Nordmann <ola@example.com> **\n\n** Objet : Paiement **",
    ),
    (
        "Outlook",
        "en",
        Forward,
        "*-------- Original Message --------*\n*From:* Kari Nordmann <kari@example.com>\n*Sent:* Thursday, March 12, 2026 9:41 AM",
    ),
    (
        "Outlook",
        "de",
        Forward,
        "-------- Ursprüngliche Nachricht --------Von: Kari Nordmann <kari@example.com>\nDatum: 12.03.26 09:41 (GMT+01:00)\nAn: Ola Nordmann <ola@example.com>",
    ),
];

const OWN: &str = "Takk, det virker nå.\nOla";
const QUOTED: [&str; 2] = [
    "Kan du sjekke betalingen på ordre acme-1001?",
    "Hilsen Kari",
];

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn lines_html(s: &str) -> String {
    s.lines()
        .map(|l| format!("<div>{}</div>", html_escape(l)))
        .collect::<Vec<_>>()
        .join("")
}

fn plain(own: &str, marker: &str, form: Form) -> String {
    let quoted: Vec<String> = match form {
        Reply => QUOTED.iter().map(|l| format!("> {l}")).collect(),
        Forward => QUOTED.iter().map(|l| l.to_string()).collect(),
        Indented => QUOTED.iter().map(|l| format!("    {l}")).collect(),
    };
    let head = if own.is_empty() {
        String::new()
    } else {
        format!("{own}\n\n")
    };
    format!("{head}{marker}\n\n{}\n", quoted.join("\n"))
}

/// The HTML the client sends: its own reply container where it has one.
fn html(client: &str, own: &str, marker: &str, form: Form) -> String {
    let own_html = lines_html(own);
    let quoted = lines_html(&QUOTED.join("\n"));
    let marker_html = lines_html(marker);
    let body = match (client, form) {
        ("Gmail", Reply) => format!(
            "<div dir=\"ltr\">{own_html}</div><br><div class=\"gmail_quote\"><div dir=\"ltr\" class=\"gmail_attr\">{}<br></div><blockquote class=\"gmail_quote\" style=\"margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204)\">{quoted}</blockquote></div>",
            html_escape(marker)
        ),
        ("Gmail", _) => format!(
            "<div dir=\"ltr\">{own_html}<br><div class=\"gmail_quote\">{marker_html}<br>{quoted}</div></div>"
        ),
        ("Outlook", _) => format!(
            "<div>{own_html}</div><hr style=\"display:inline-block;width:98%\" tabindex=\"-1\"><div id=\"divRplyFwdMsg\" dir=\"ltr\"><font face=\"Calibri, sans-serif\">{marker_html}</font></div><div>{quoted}</div>"
        ),
        ("Apple Mail", Reply) => format!(
            "<div>{own_html}<br><blockquote type=\"cite\"><div>{}</div><br><div>{quoted}</div></blockquote></div>",
            html_escape(marker)
        ),
        ("Apple Mail", _) => format!(
            "<div>{own_html}<br><div><blockquote type=\"cite\">{marker_html}<br>{quoted}</blockquote></div></div>"
        ),
        ("Thunderbird", Reply) => format!(
            "<p>{own_html}</p><div class=\"moz-cite-prefix\">{}<br></div><blockquote type=\"cite\">{quoted}</blockquote>",
            html_escape(marker)
        ),
        ("Thunderbird", _) => format!(
            "<p>{own_html}</p><div class=\"moz-forward-container\"><br>{marker_html}<br>{quoted}</div>"
        ),
        ("Yahoo", _) => format!(
            "<div class=\"yahoo-style-wrap\">{own_html}</div><div id=\"yahoo_quoted_0012\" class=\"yahoo_quoted\">{marker_html}<blockquote>{quoted}</blockquote></div>"
        ),
        ("Proton", _) => format!(
            "<div>{own_html}</div><div class=\"protonmail_quote\">{marker_html}<blockquote class=\"protonmail_quote\" type=\"cite\">{quoted}</blockquote></div>"
        ),
        ("Zoho", _) => format!(
            "<div>{own_html}</div><div class=\"zmail_extra\">{marker_html}<blockquote style=\"border-left:1px solid #ccc\">{quoted}</blockquote></div>"
        ),
        (_, Reply) => {
            format!(
                "<div>{own_html}</div><div><br></div>{marker_html}<blockquote>{quoted}</blockquote>"
            )
        }
        (_, _) => {
            format!("<div>{own_html}</div><div><br></div>{marker_html}<div><br></div>{quoted}")
        }
    };
    format!("<html><body>{body}</body></html>")
}

fn check(name: &str, text: &str, html: Option<&str>, own: &str) -> Result<(), String> {
    let got = split(text, html);
    let first = got.new_text.lines().map(str::trim).find(|l| !l.is_empty());
    let want = own.lines().next();
    let mut problems = Vec::new();
    if !got.quoted {
        problems.push("not seen as quoting".to_string());
    }
    if first != want {
        problems.push(format!("first own line {first:?}, want {want:?}"));
    }
    for gone in [QUOTED[0], QUOTED[1], "kari@example.com", "Kari Nordmann"] {
        if got.new_text.contains(gone) {
            problems.push(format!("own text keeps {gone:?}"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{name}: {}\n  new_text: {:?}",
            problems.join("; "),
            got.new_text
        ))
    }
}

#[test]
fn every_client_and_language_plain_and_html_with_and_without_own_text() {
    let mut failures = Vec::new();
    let mut cases = 0;
    for &(client, lang, form, marker) in SAMPLES {
        for own in [OWN, ""] {
            let with = if own.is_empty() {
                "no own text"
            } else {
                "own text"
            };
            let text = plain(own, marker, form);
            let name = format!("{client} {lang} plain, {with}");
            failures.extend(check(&name, &text, None, own).err());
            let page = html(client, own, marker, form);
            let converted = html2text::from_read(page.as_bytes(), 10_000).unwrap_or_default();
            let name = format!("{client} {lang} HTML, {with}");
            failures.extend(check(&name, &converted, Some(&page), own).err());
            cases += 2;
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {cases} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The forms a client writes never make plain text without them a quote.
#[test]
fn own_text_alone_is_not_a_quote() {
    for own in [OWN, "Hei,\n\nVi får HTTP 400.\n\nMvh\nOla"] {
        let got = split(own, None);
        assert!(!got.quoted, "{own}");
        assert_eq!(got.new_text, own);
    }
}

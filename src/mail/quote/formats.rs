//! How mail clients mark quoted history and forwards, as data: one entry per
//! client and language.
//!
//! The splitter in [`super`] knows shapes (an attribution line that closes
//! with a colon, a rule of dashes around a few words, a block of header
//! lines); this table says which words fill them in each client and language:
//! Outlook's "From:/Sent:/To:/Subject:" labels and its "Original Message"
//! rule, Gmail's and Thunderbird's "On … wrote:" verbs and forward rules,
//! Apple Mail's "Begin forwarded message:", the HTML containers the clients
//! wrap a quote in, and the "reply above this line" markers of help desks.
//! Supporting a new client or language is one more entry. The strings are
//! lower case; [`Index`] gathers them once into the look-up structures the
//! splitter reads.

use std::collections::HashMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

/// Languages, one bit each in a [`LangSet`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Lang {
    En,
    De,
    Fr,
    It,
    Es,
    Pl,
    Uk,
    Ro,
    Nl,
    Tr,
    Ru,
    Pt,
    El,
    Cs,
    Hu,
    Sv,
    Sr,
    Bg,
    Da,
    Fi,
    Sk,
    Nb,
    Hr,
    Lt,
    Sl,
    Lv,
    Et,
    Ca,
    Sq,
    Mk,
    Ar,
    Zh,
    Ja,
    Ko,
}

/// A set of languages, one bit per [`Lang`].
pub type LangSet = u64;

impl Lang {
    fn bit(self) -> LangSet {
        1 << (self as u8)
    }
}

/// One thing a client writes when it quotes or forwards.
#[derive(Debug, Clone, Copy)]
pub enum Mark {
    /// A verb of a reply attribution ("wrote", "a écrit", "schrieb", "写道").
    Wrote(&'static str),
    /// A word an attribution opens with ("on", "le", "am", "dne").
    Opens(&'static str),
    /// The words between the dashes of a separator line ("original message").
    Rule(&'static str),
    /// A line that opens a forward on its own, without its colon
    /// ("begin forwarded message").
    Begins(&'static str),
    /// Header labels of a quoted or forwarded message.
    From(&'static str),
    Sent(&'static str),
    To(&'static str),
    Subject(&'static str),
    Cc(&'static str),
    /// A lower-case substring of the HTML element that holds the quote.
    Html(&'static str),
    /// The line a help desk writes above its notification ("reply above this
    /// line"): what follows it in a reply is the desk's quoted mail.
    Above(&'static str),
}

/// The marks of one client in one language.
#[derive(Debug)]
pub struct Format {
    pub client: &'static str,
    pub lang: Lang,
    pub marks: &'static [Mark],
}

macro_rules! formats {
    ($($client:literal $lang:ident [$($mark:expr),* $(,)?])*) => {
        &[$(Format { client: $client, lang: Lang::$lang, marks: &[$($mark),*] }),*]
    };
}

use Mark::*;

/// Every known format. Outlook means Outlook for Windows, the new Outlook and
/// Outlook on the web, which write the same header block; Outlook for Mac
/// writes an attribution line in some languages and is listed apart there.
/// Thunderbird's words are its locales' composeMsgs.properties, Thunderbird
/// for Android's its strings.xml; a client is listed in a language where it
/// writes something no other entry already says. Japanese
/// Thunderbird for Android's "…、Kari <k@x> より:" and Arabic "… الرسالة:"
/// have no verb worth the name and are read as a date and a name.
pub static FORMATS: &[Format] = formats! {
    // ---- English ----
    "Outlook" En [From("from"), Sent("sent"), Sent("date"), To("to"), Subject("subject"), Cc("cc"), Cc("bcc"), Cc("reply-to"),
        Rule("original message"), Rule("original appointment"),
        Html("divrplyfwdmsg"), Html("id=\"appendonsend\""), Html("border-top:solid #e1e1e1"), Html("border-top: solid #e1e1e1"),
        Html("border-top:solid #b5c4df"), Html("border-top: solid #b5c4df"), Html("olk_src_body_section"), Html("id=\"mail-editor-reference-message-container\"")]
    "Outlook for Mac" En [Opens("on"), Wrote("wrote"), Rule("forwarded message")]
    "Gmail" En [Opens("on"), Wrote("wrote"), Rule("forwarded message"), From("from"), Sent("date"), Subject("subject"), To("to"), Cc("cc"),
        Html("gmail_quote"), Html("gmail_attr")]
    "Apple Mail" En [Opens("on"), Wrote("wrote"), Begins("begin forwarded message"), Html("type=\"cite\""), Html("type=cite"), Html("appleoriginalcontents")]
    "Thunderbird" En [Opens("on"), Wrote("wrote"), Wrote("writes"), Rule("forwarded message"), Rule("original message"), Html("moz-cite-prefix"), Html("moz-forward-container")]
    "Yahoo" En [Opens("on"), Wrote("wrote"), Rule("forwarded message"), Rule("original message"), Html("yahoo_quoted")]
    // Proton Mail's web app writes its forward rule in English in every
    // language but translates its attribution and forward labels (its
    // locales' JSON); its Android apps (proton-mail-android's and
    // android-mail's strings.xml) translate their "Original Message" divider.
    "Proton" En [Opens("on"), Wrote("wrote"), Rule("forwarded message"), Rule("original message"), From("from"), Sent("date"), Subject("subject"), To("to"), Html("protonmail_quote")]
    "Zoho" En [Opens("on"), Wrote("wrote"), Rule("forwarded message"), Rule("original message"), Html("zmail_extra"), Html("zmail_signature_below")]
    "GMX" En [From("from"), Sent("sent"), To("to"), Subject("subject"), Rule("original message")]
    "HubSpot" En [Opens("on"), Wrote("wrote"), Rule("forwarded message"), Html("hs_reply")]
    "Front" En [Opens("on"), Wrote("wrote"), Html("front-blockquote")]
    "Zendesk" En [Above("please type your reply above this line"), Above("reply above this line"), Html("zd-comment")]
    "Freshdesk" En [Opens("on"), Wrote("wrote"), Above("please type your reply above this line"), Html("freshdesk_quote")]
    "Jira Service Management" En [Above("reply above this line"), Above("type your reply above this line")]
    "Mail.ru" En [Rule("forwarded message"), Rule("original message")]
    "Yandex" En [Rule("forwarded message"), Rule("original message")]
    // ---- German ----
    "Outlook" De [From("von"), Sent("gesendet"), Sent("datum"), To("an"), Subject("betreff"), Cc("cc"), Cc("kopie"), Rule("ursprüngliche nachricht")]
    "Outlook for Mac" De [Opens("am"), Wrote("schrieb"), Rule("weitergeleitete nachricht")]
    "Gmail" De [Opens("am"), Wrote("schrieb"), Rule("weitergeleitete nachricht"), From("von"), Sent("date"), Subject("subject"), To("to")]
    "Proton" De [Opens("am"), Wrote("schrieb"), Rule("original-nachricht"), Rule("ursprüngliche nachricht"), From("von"), Sent("datum"), Subject("betreff"), To("an")]
    "Apple Mail" De [Opens("am"), Wrote("schrieb"), Begins("anfang der weitergeleiteten nachricht")]
    "Thunderbird" De [Opens("am"), Wrote("schrieb"), Rule("weitergeleitete nachricht"), Rule("original-nachricht"), Rule("originalnachricht")]
    "GMX" De [From("von"), Sent("gesendet"), To("an"), Subject("betreff"), Cc("cc"), Rule("original-nachricht"), Rule("weitergeleitete nachricht")]
    "Zoho" De [Opens("am"), Wrote("schrieb"), Rule("weitergeleitete nachricht")]
    "Yahoo" De [Opens("am"), Wrote("folgendes geschrieben"), Rule("weitergeleitete nachricht")]
    "Zendesk" De [Above("bitte geben sie ihre antwort oberhalb dieser zeile ein")]
    // ---- French ----
    "Outlook" Fr [From("de"), Sent("envoyé"), Sent("envoyé le"), Sent("date"), To("à"), To("a"), Subject("objet"), Cc("cc"), Cc("copie à"), Rule("message d'origine"), Rule("message original")]
    "Gmail" Fr [Opens("le"), Wrote("a écrit"), Rule("message transféré"), From("de"), Sent("date"), Subject("subject"), To("to"), Subject("objet"), To("à")]
    "Proton" Fr [Opens("le"), Wrote("a écrit"), Rule("message d'origine"), From("de"), Sent("date"), Subject("objet"), To("à")]
    "Apple Mail" Fr [Opens("le"), Wrote("a écrit"), Begins("début du message réexpédié"), Begins("début du message transféré")]
    "Thunderbird" Fr [Opens("le"), Wrote("a écrit"), Rule("message transféré"), Rule("message original")]
    "Thunderbird for Android" Fr [Opens("le"), Wrote("a écrit"), Rule("courriel initial"), Rule("message original")]
    "Outlook for Mac" Fr [Opens("le"), Wrote("a écrit")]
    "Yahoo" Fr [Opens("le"), Wrote("a écrit"), Rule("message transféré"), Rule("message d'origine")]
    "Orange and SFR webmail" Fr [Sent("message du"), From("de"), To("a"), Subject("sujet"), Cc("copie à"), Rule("message d'origine")]
    // ---- Italian ----
    "Outlook" It [From("da"), Sent("inviato"), Sent("inviato il"), Sent("data"), To("a"), Subject("oggetto"), Cc("cc"), Rule("messaggio originale")]
    "Gmail" It [Opens("il"), Opens("il giorno"), Wrote("ha scritto"), Rule("messaggio inoltrato"), From("da"), Sent("date"), Subject("subject"), To("to")]
    "Proton" It [Opens("il"), Wrote("ha scritto"), Rule("messaggio originale"), From("da"), Sent("data"), Subject("oggetto"), To("a")]
    "Apple Mail" It [Opens("il"), Wrote("ha scritto"), Begins("inizio messaggio inoltrato")]
    "Thunderbird" It [Opens("il"), Wrote("ha scritto"), Rule("messaggio inoltrato"), Rule("messaggio originale")]
    "Outlook for Mac" It [Opens("il"), Wrote("ha scritto")]
    "Yahoo" It [Opens("il"), Wrote("ha scritto")]
    // ---- Spanish ----
    "Outlook" Es [From("de"), Sent("enviado"), Sent("enviado el"), Sent("fecha"), To("para"), Subject("asunto"), Cc("cc"), Cc("con copia"), Rule("mensaje original")]
    "Gmail" Es [Opens("el"), Wrote("escribió"), Rule("mensaje reenviado"), From("de"), Sent("date"), Subject("subject"), To("to")]
    "Proton" Es [Opens("el"), Wrote("escribió"), Wrote("ha escrito"), Rule("mensaje original"), From("de"), Sent("fecha"), Subject("asunto"), To("para")]
    "Apple Mail" Es [Opens("el"), Wrote("escribió"), Begins("inicio del mensaje reenviado")]
    "Thunderbird" Es [Opens("el"), Wrote("escribió"), Rule("mensaje reenviado"), Rule("mensaje original")]
    "Thunderbird for Android" Es [Opens("el"), Wrote("escribió"), Rule("correo original"), Rule("mensaje original")]
    "Outlook for Mac" Es [Opens("el"), Wrote("escribió")]
    "Yahoo" Es [Opens("el"), Wrote("escribió")]
    // ---- Polish ----
    "Outlook" Pl [From("od"), Sent("wysłano"), Sent("wysłane"), Sent("data"), To("do"), Subject("temat"), Cc("dw"), Cc("kopia"), Rule("wiadomość oryginalna"), Rule("oryginalna wiadomość")]
    "Gmail" Pl [Opens("dnia"), Wrote("napisał(a)"), Wrote("napisał"), Wrote("napisała"), Rule("wiadomość przekazana dalej"), From("od"), Sent("date"), Subject("subject"), To("to")]
    "Proton" Pl [Wrote("napisał(a)"), Rule("oryginalna wiadomość"), From("od"), Sent("data"), Subject("temat"), To("do")]
    "Apple Mail" Pl [Opens("wiadomość"), Wrote("wiadomość napisana przez"), Begins("początek przekazywanej wiadomości")]
    "Thunderbird" Pl [Opens("w"), Opens("dnia"), Wrote("pisze"), Wrote("napisał"), Rule("treść przekazanej wiadomości"), Rule("treść oryginalnej wiadomości"), Rule("przekazana wiadomość"), Rule("wiadomość oryginalna")]
    "Thunderbird for Android" Pl [Opens("dnia"), Wrote("napisał/a"), Rule("wiadomość oryginalna")]
    // ---- Ukrainian ----
    "Outlook" Uk [From("від"), Sent("надіслано"), Sent("дата"), To("кому"), Subject("тема"), Cc("копія"), Rule("оригінальне повідомлення"), Rule("вихідне повідомлення")]
    "Gmail" Uk [Wrote("пише"), Wrote("написав"), Wrote("написала"), Rule("переслане повідомлення"), From("від"), Sent("date"), Subject("subject"), To("to")]
    "Proton" Uk [Wrote("пише"), Rule("оригінальне повідомлення"), From("від"), Sent("дата"), Subject("тема"), To("кому")]
    "Apple Mail" Uk [Wrote("написав(-ла)"), Wrote("пише"), Begins("початок пересланого листа"), Begins("початок пересланого повідомлення")]
    "Thunderbird" Uk [Wrote("пише"), Wrote("написав"), Rule("переслане повідомлення"), Rule("початкове повідомлення"), Rule("пересилаємо повідомлення"), Rule("оригінальне повідомлення")]
    // ---- Romanian ----
    "Outlook" Ro [From("de la"), Sent("trimis"), Sent("dată"), Sent("data"), To("către"), To("catre"), Subject("subiect"), Cc("cc"), Rule("mesaj original"), Rule("mesajul original")]
    "Gmail" Ro [Opens("pe"), Opens("în"), Wrote("a scris"), Rule("mesaj redirecționat"), Rule("mesaj redirecţionat"), From("de la"), Sent("date"), Subject("subject"), To("to")]
    "Proton" Ro [Opens("la"), Wrote("a scris"), Rule("mesaj original"), From("de la"), Sent("data"), Subject("subiect"), To("către")]
    "Apple Mail" Ro [Opens("pe"), Wrote("a scris"), Begins("începutul mesajului redirecționat"), Begins("începutul mesajului redirecţionat")]
    "Thunderbird" Ro [Opens("pe"), Wrote("a scris"), Rule("mesaj redirecționat"), Rule("mesaj redirecţionat"), Rule("mesajul original"), Rule("mesaj original")]
    // ---- Dutch ----
    "Outlook" Nl [From("van"), Sent("verzonden"), Sent("verstuurd"), Sent("datum"), To("aan"), Subject("onderwerp"), Cc("cc"), Rule("oorspronkelijk bericht"), Rule("origineel bericht")]
    "Outlook for Mac" Nl [Opens("op"), Wrote("geschreven"), Wrote("schreef"), Rule("doorgestuurd bericht")]
    "Gmail" Nl [Opens("op"), Wrote("schreef"), Rule("doorgestuurd bericht"), From("van"), Sent("date"), Subject("subject"), To("to")]
    "Proton" Nl [Opens("op"), Wrote("schreef"), Rule("oorspronkelijk bericht"), From("van"), Sent("datum"), Subject("onderwerp"), To("aan")]
    "Apple Mail" Nl [Opens("op"), Wrote("schreef"), Wrote("het volgende geschreven"), Begins("begin doorgestuurd bericht")]
    "Thunderbird" Nl [Opens("op"), Wrote("schreef"), Rule("doorgestuurd bericht"), Rule("origineel bericht")]
    // ---- Turkish ----
    "Outlook" Tr [From("kimden"), Sent("gönderildi"), Sent("gönderilme tarihi"), Sent("tarih"), To("kime"), Subject("konu"), Cc("bilgi"), Rule("özgün ileti"), Rule("orijinal mesaj"), Rule("orijinal ileti")]
    "Outlook for Mac" Tr [Wrote("yazdı"), Wrote("tarihinde şunu yazdı")]
    "Gmail" Tr [Wrote("şunu yazdı"), Wrote("yazdı"), Rule("iletilen ileti"), From("kimden"), Sent("date"), Subject("subject"), To("to")]
    "Proton" Tr [Wrote("şunu yazdı"), Rule("özgün ileti"), From("kimden"), Sent("tarih"), Subject("konu"), To("kime")]
    "Apple Mail" Tr [Wrote("yazdı"), Begins("iletilen ileti başlangıcı"), Begins("iletilmiş ileti başlangıcı")]
    "Thunderbird" Tr [Wrote("yazdı"), Rule("iletilen ileti"), Rule("iletilmiş mesaj"), Rule("iletilen mesaj"), Rule("özgün ileti")]
    "Thunderbird for Android" Tr [Wrote("yazdı"), Rule("özgün ileti"), Sent("gönderilme")]
    // ---- Russian ----
    "Outlook" Ru [From("от"), Sent("отправлено"), Sent("дата"), To("кому"), Subject("тема"), Cc("копия"), Rule("исходное сообщение"), Rule("оригинальное сообщение")]
    "Gmail" Ru [Wrote("написал"), Wrote("написала"), Wrote("написал(а)"), Rule("пересылаемое сообщение"), From("от"), Sent("date"), Subject("subject"), To("to")]
    "Proton" Ru [Wrote("написал"), Wrote("пишет"), Rule("исходное сообщение"), Rule("оригинальное сообщение"), From("от"), Sent("дата"), Subject("тема"), To("кому")]
    "Apple Mail" Ru [Wrote("написал(а)"), Begins("начало переадресованного сообщения"), Begins("начало пересылаемого сообщения")]
    "Thunderbird" Ru [Wrote("пишет"), Wrote("написал"), Rule("перенаправленное сообщение"), Rule("пересылаемое сообщение"), Rule("исходное сообщение")]
    "Mail.ru" Ru [Wrote("пишет"), Wrote("написал(а)"), Rule("пересылаемое сообщение"), Rule("исходное сообщение"), From("от кого"), From("от"), Sent("дата"), To("кому"), Subject("тема"), Cc("копия")]
    "Yandex" Ru [Wrote("пишет"), Rule("начало переадресованного сообщения"), Rule("конец переадресованного сообщения"), Rule("пересылаемое сообщение"), From("от"), Sent("дата"), To("кому"), Subject("тема")]
    // ---- Portuguese ----
    "Outlook" Pt [From("de"), Sent("enviado"), Sent("enviada"), Sent("enviada em"), Sent("enviado em"), Sent("data"), To("para"), Subject("assunto"), Cc("cc"), Rule("mensagem original")]
    "Gmail" Pt [Opens("em"), Wrote("escreveu"), Rule("mensagem encaminhada"), From("de"), Sent("date"), Subject("subject"), To("to")]
    "Proton" Pt [Opens("em"), Opens("a"), Wrote("escreveu"), Rule("mensagem original"), From("de"), Sent("data"), Subject("assunto"), To("para")]
    "Apple Mail" Pt [Opens("em"), Opens("no dia"), Wrote("escreveu"), Begins("início da mensagem reencaminhada"), Begins("início da mensagem encaminhada")]
    "Thunderbird" Pt [Opens("em"), Opens("no dia"), Wrote("escreveu"), Rule("mensagem encaminhada"), Rule("mensagem reencaminhada"), Rule("mensagem original")]
    // ---- Greek ----
    "Outlook" El [From("από"), Sent("στάλθηκε"), Sent("ημερομηνία"), To("προς"), Subject("θέμα"), Cc("κοιν"), Rule("αρχικό μήνυμα")]
    "Gmail" El [Opens("στις"), Wrote("έγραψε"), Rule("προωθημένο μήνυμα"), From("από"), Sent("date"), Subject("subject"), To("to")]
    "Proton" El [Opens("την"), Wrote("έγραψε"), Rule("αρχικό μήνυμα"), From("από"), Sent("ημερομηνία"), Subject("θέμα"), To("προς")]
    "Apple Mail" El [Opens("στις"), Wrote("έγραψε"), Begins("αρχή προωθημένου μηνύματος")]
    "Thunderbird" El [Opens("στις"), Wrote("έγραψε"), Rule("προωθημένο μήνυμα"), Rule("αρχικό μήνυμα")]
    "Thunderbird for Android" El [Opens("στις"), Wrote("έγραψε"), Rule("πρωτότυπο μήνυμα"), Sent("αποστολή")]
    // ---- Czech ----
    "Outlook" Cs [From("od"), Sent("odesláno"), Sent("datum"), To("komu"), Subject("předmět"), Cc("kopie"), Rule("původní zpráva"), Rule("původní e-mail")]
    "Outlook for Mac" Cs [Opens("dne"), Wrote("napsal/a"), Wrote("napsal(a)"), Wrote("napsal"), Wrote("napsala")]
    "Gmail" Cs [Opens("dne"), Wrote("napsal"), Wrote("napsala"), Wrote("napsal(a)"), Rule("přeposlaná zpráva"), From("od"), Sent("date"), Subject("subject"), To("to")]
    "Proton" Cs [Wrote("napsal/a"), Rule("původní zpráva"), From("od"), Sent("datum"), Subject("předmět"), To("komu")]
    "Apple Mail" Cs [Opens("dne"), Wrote("napsal(a)"), Begins("začátek přeposlané zprávy")]
    "Thunderbird" Cs [Opens("dne"), Wrote("napsal(a)"), Rule("přeposlaná zpráva"), Rule("původní zpráva")]
    "Thunderbird for Android" Cs [Wrote("napsal"), Rule("původní zpráva"), From("odesílatel")]
    // ---- Hungarian ----
    "Outlook" Hu [From("feladó"), Sent("elküldve"), Sent("küldve"), Sent("dátum"), To("címzett"), Subject("tárgy"), Cc("másolatot kap"), Cc("másolat"), Rule("eredeti üzenet")]
    "Outlook for Mac" Hu [Wrote("írta"), Wrote("keltezéssel")]
    "Gmail" Hu [Wrote("ezt írta"), Wrote("írta"), Rule("továbbított levél"), From("feladó"), Sent("date"), Subject("subject"), To("to")]
    "Proton" Hu [Wrote("ezt írta"), Rule("eredeti üzenet"), From("forrás"), Sent("dátum"), Subject("tárgy"), To("címzett")]
    "Apple Mail" Hu [Wrote("írta"), Begins("továbbított levél kezdete"), Begins("továbbított üzenet kezdete")]
    "Thunderbird" Hu [Wrote("írta"), Rule("továbbított üzenet"), Rule("eredeti üzenet")]
    // ---- Swedish ----
    "Outlook" Sv [From("från"), Sent("skickat"), Sent("datum"), To("till"), Subject("ämne"), Cc("kopia"), Rule("ursprungligt meddelande"), Rule("originalmeddelande")]
    "Gmail" Sv [Opens("den"), Wrote("skrev"), Rule("vidarebefordrat meddelande"), From("från"), Sent("date"), Subject("subject"), To("to")]
    "Proton" Sv [Opens("den"), Wrote("skrev"), Rule("originalmeddelande"), Rule("ursprungligt meddelande"), From("från"), Sent("datum"), Subject("ämne"), To("till")]
    "Apple Mail" Sv [Opens("den"), Wrote("skrev"), Begins("vidarebefordrat brev"), Begins("vidarebefordrat mejl")]
    "Thunderbird" Sv [Opens("den"), Wrote("skrev"), Rule("vidarebefordrat meddelande"), Rule("originalmeddelande")]
    // ---- Serbian (Latin and Cyrillic) ----
    "Outlook" Sr [From("od"), From("од"), Sent("poslato"), Sent("послато"), Sent("datum"), To("za"), To("за"), Subject("tema"), Subject("тема"), Subject("predmet"), Cc("cc"), Rule("originalna poruka"), Rule("оригинална порука")]
    "Gmail" Sr [Wrote("je napisao/la"), Wrote("napisao"), Wrote("napisala"), Wrote("је написао/ла"), Wrote("написао"), Rule("prosleđena poruka"), Rule("прослеђена порука"), Sent("date"), Subject("subject"), To("to")]
    "Thunderbird" Sr [Wrote("пише"), Wrote("je napisao"), Wrote("је написао"), Rule("прослеђена порука"), Rule("изворна порука"), Rule("prosleđena poruka")]
    // ---- Bulgarian ----
    "Outlook" Bg [From("от"), Sent("изпратено"), Sent("дата"), To("до"), Subject("относно"), Subject("тема"), Cc("копие"), Rule("оригинално съобщение")]
    "Gmail" Bg [Opens("на"), Wrote("написа"), Rule("препратено съобщение"), From("от"), Sent("date"), Subject("subject"), To("to")]
    "Thunderbird" Bg [Opens("на"), Wrote("написа"), Rule("препратено писмо"), Rule("оригинално писмо"), Rule("препратено съобщение"), Rule("оригинално съобщение")]
    // ---- Danish ----
    "Outlook" Da [From("fra"), Sent("sendt"), Sent("dato"), To("til"), Subject("emne"), Cc("cc"), Cc("kopi"), Rule("oprindelig meddelelse"), Rule("oprindelig besked")]
    "Gmail" Da [Opens("den"), Wrote("skrev"), Rule("videresendt meddelelse"), From("fra"), Sent("date"), Subject("subject"), To("to")]
    "Proton" Da [Wrote("skrev"), Rule("oprindelig besked"), From("fra"), Sent("dato"), Subject("emne"), To("til")]
    "Apple Mail" Da [Opens("den"), Wrote("skrev"), Begins("start på videresendt besked"), Begins("videresendt besked")]
    "Thunderbird" Da [Opens("den"), Wrote("skrev"), Rule("videresendt meddelelse"), Rule("videresendt besked"), Rule("oprindelig meddelelse")]
    "Thunderbird for Android" Da [Opens("den"), Wrote("skrev"), Rule("original besked")]
    // ---- Finnish ----
    "Outlook" Fi [From("lähettäjä"), Sent("lähetetty"), Sent("päivämäärä"), To("vastaanottaja"), Subject("aihe"), Cc("kopio"), Rule("alkuperäinen viesti")]
    "Gmail" Fi [Wrote("kirjoitti"), Rule("välitetty viesti"), From("lähettäjä"), Sent("date"), Subject("subject"), To("to")]
    "Apple Mail" Fi [Wrote("kirjoitti"), Begins("välitetty viesti alkaa")]
    "Proton" Fi [Wrote("kirjoitti"), Rule("alkuperäinen viesti"), From("lähettäjä"), Sent("päiväys"), Subject("aihe"), To("vastaanottaja")]
    "Thunderbird" Fi [Wrote("kirjoitti"), Rule("välitetty viesti / fwd.msg"), Rule("alkuperäinen viesti / orig.msg."), Rule("välitetty viesti"), Rule("alkuperäinen viesti")]
    // ---- Slovak ----
    "Outlook" Sk [From("od"), Sent("odoslané"), Sent("dátum"), To("komu"), Subject("predmet"), Cc("kópia"), Rule("pôvodná správa")]
    "Outlook for Mac" Sk [Opens("dňa"), Wrote("napísal"), Wrote("napísala"), Wrote("napísal(a)"), Wrote("používateľ")]
    "Gmail" Sk [Opens("dňa"), Wrote("napísal(a)"), Wrote("napísal"), Rule("preposlaná správa"), From("od"), Sent("date"), Subject("subject"), To("to")]
    "Apple Mail" Sk [Opens("dňa"), Wrote("napísal(a)"), Begins("začiatok preposlanej správy")]
    "Proton" Sk [Wrote("napísal/a"), Rule("pôvodná správa"), From("od"), Sent("dátum"), Subject("predmet"), To("komu")]
    "Thunderbird" Sk [Opens("dňa"), Wrote("napísal(a)"), Rule("preposlaná správa --- forwarded message"), Rule("pôvodná správa --- original message"), Rule("preposlaná správa"), Rule("pôvodná správa")]
    // ---- Norwegian ----
    "Outlook" Nb [From("fra"), Sent("sendt"), Sent("dato"), To("til"), Subject("emne"), Cc("kopi"), Cc("cc"), Rule("opprinnelig melding"), Rule("original melding")]
    "Gmail" Nb [Opens("den"), Wrote("skrev"), Rule("videresendt melding"), From("fra"), Sent("date"), Subject("subject"), To("to")]
    "Apple Mail" Nb [Opens("den"), Wrote("skrev"), Begins("start på videresendt melding"), Begins("videresendt melding")]
    "Proton" Nb [Opens("den"), Opens("på"), Wrote("skrev"), Rule("opprinnelig melding"), From("fra"), Sent("dato"), Subject("emne"), To("til")]
    "Thunderbird" Nb [Opens("den"), Wrote("skrev"), Rule("videresendt melding"), Rule("opprinnelig melding")]
    "Outlook for Mac" Nb [Opens("den"), Wrote("skrev")]
    // ---- Croatian ----
    "Outlook" Hr [From("šalje"), From("od"), Sent("poslano"), Sent("datum"), To("prima"), To("za"), Subject("predmet"), Cc("kopija"), Rule("izvorna poruka"), Rule("originalna poruka")]
    "Gmail" Hr [Wrote("napisao je"), Wrote("je napisao/la"), Wrote("napisao"), Wrote("napisala"), Rule("proslijeđena poruka"), Sent("date"), Subject("subject"), To("to")]
    "Proton" Hr [Wrote("napisao"), Rule("izvorna poruka")]
    "Apple Mail" Hr [Wrote("napisao"), Begins("početak proslijeđene poruke")]
    "Thunderbird" Hr [Wrote("piše"), Wrote("napisao je"), Wrote("napisao"), Wrote("napisala"), Rule("proslijeđena poruka"), Rule("izvorna poruka")]
    // ---- Lithuanian ----
    "Outlook" Lt [From("nuo"), Sent("išsiųsta"), Sent("data"), To("kam"), Subject("tema"), Cc("kopija"), Rule("pradinis laiškas"), Rule("originalus laiškas")]
    "Gmail" Lt [Wrote("rašė"), Wrote("parašė"), Rule("persiųstas laiškas"), From("nuo"), Sent("date"), Subject("subject"), To("to")]
    "Thunderbird" Lt [Wrote("rašė"), Rule("persiųstas laiškas"), Rule("originalus laiškas"), Rule("persiunčiamas laiškas")]
    "Thunderbird for Android" Lt [Wrote("parašė"), Rule("originalus tekstas")]
    // ---- Slovenian ----
    "Outlook" Sl [From("od"), Sent("poslano"), Sent("datum"), To("za"), Subject("zadeva"), Cc("kp"), Rule("izvirno sporočilo")]
    "Gmail" Sl [Opens("v"), Wrote("napisal(a)"), Wrote("napisal"), Wrote("napisala"), Rule("posredovano sporočilo"), From("od"), Sent("date"), Subject("subject"), To("to")]
    "Proton" Sl [Opens("dne"), Wrote("napisal/-a"), Rule("izvorno sporočilo"), From("od"), Sent("datum"), Subject("zadeva"), To("za")]
    "Thunderbird" Sl [Wrote("napisal"), Wrote("napisala"), Rule("posredovano sporočilo"), Rule("izvirno sporočilo")]
    "Thunderbird for Android" Sl [Opens("dne"), Wrote("sporoča"), Rule("izvirno sporočilo")]
    // ---- Latvian ----
    "Outlook" Lv [From("no"), Sent("nosūtīts"), Sent("datums"), To("kam"), Subject("tēma"), Cc("kopija"), Rule("sākotnējais ziņojums"), Rule("oriģinālais ziņojums")]
    "Gmail" Lv [Wrote("rakstīja"), Rule("pārsūtīts ziņojums"), Rule("pārsūtīta vēstule"), From("no"), Sent("date"), Subject("subject"), To("to")]
    "Thunderbird" Lv [Wrote("rakstīja"), Rule("pārsūtītā vēstule"), Rule("sākotnējā vēstule"), Rule("pārsūtīts ziņojums")]
    "Thunderbird for Android" Lv [Wrote("rakstīja"), Rule("sākotnējā ziņa"), From("kas")]
    // ---- Estonian ----
    "Outlook" Et [From("saatja"), Sent("saadetud"), Sent("kuupäev"), To("adressaat"), To("saaja"), Subject("teema"), Cc("koopia"), Rule("algne sõnum")]
    "Gmail" Et [Wrote("kirjutas"), Rule("edasisaadetud sõnum"), From("saatja"), Sent("date"), Subject("subject"), To("to")]
    "Thunderbird" Et [Wrote("kirjutas"), Rule("edasisaadetud kiri"), Rule("edastatud kiri"), Rule("algne kiri")]
    "Thunderbird for Android" Et [Wrote("kirjutas"), Rule("algne kiri"), From("kellelt"), To("kellele")]
    // ---- Catalan ----
    "Outlook" Ca [From("de"), Sent("enviat"), Sent("data"), To("per a"), To("a"), Subject("assumpte"), Cc("a/c"), Cc("cc"), Rule("missatge original")]
    "Gmail" Ca [Opens("el"), Wrote("va escriure"), Rule("missatge reenviat"), From("de"), Sent("date"), Subject("subject"), To("to")]
    "Proton" Ca [Opens("el"), Wrote("va escriure"), Rule("missatge original"), From("de"), Sent("data"), Subject("assumpte"), To("per a")]
    "Thunderbird" Ca [Opens("el"), Wrote("ha escrit"), Wrote("va escriure"), Rule("missatge reenviat"), Rule("missatge original")]
    "Apple Mail" Ca [Opens("el"), Wrote("va escriure")]
    // ---- Albanian ----
    "Outlook" Sq [From("nga"), Sent("dërguar"), Sent("data"), To("për"), Subject("subjekti"), Subject("tema"), Cc("cc"), Rule("mesazhi origjinal")]
    "Thunderbird" Sq [Opens("më"), Wrote("shkroi"), Rule("mesazhi i përcjellë"), Rule("mesazhi origjinal")]
    "Thunderbird for Android" Sq [Opens("më"), Wrote("shkroi"), Rule("mesazhi origjinal"), Sent("dërguar më")]
    "Gmail" Sq [Opens("më"), Wrote("shkroi"), Rule("mesazh i përcjellë"), Rule("mesazhi i përcjellë"), From("nga"), Sent("date"), Subject("subject"), To("to")]
    // ---- Macedonian ----
    "Outlook" Mk [From("од"), Sent("испратено"), Sent("датум"), To("до"), Subject("тема"), Cc("копија"), Rule("оригинална порака")]
    "Gmail" Mk [Wrote("напиша"), Rule("препратена порака"), From("од"), Sent("date"), Subject("subject"), To("to")]
    // ---- Arabic ----
    "Outlook" Ar [From("من"), Sent("تم الإرسال"), Sent("التاريخ"), Sent("أرسل"), To("إلى"), Subject("الموضوع"), Cc("نسخة"), Rule("الرسالة الأصلية")]
    "Gmail" Ar [Opens("في"), Wrote("كتب"), Wrote("كتبت"), Wrote("تمت كتابة ما يلي بواسطة"), Rule("رسالة معاد توجيهها"), From("من"), Sent("date"), Subject("subject"), To("to")]
    "Apple Mail" Ar [Opens("في"), Wrote("كتب"), Begins("بداية الرسالة المعاد توجيهها")]
    "Thunderbird" Ar [Opens("في"), Wrote("كتب"), Rule("رسالة ممرّرة"), Rule("الرسالة الأصليَّة"), Rule("الرسالة المعاد توجيهها"), Rule("الرسالة المُعاد توجيهها"), Rule("الرسالة الأصلية")]
    // ---- Chinese (simplified and traditional) ----
    "Outlook" Zh [From("发件人"), From("寄件者"), Sent("发送时间"), Sent("寄件日期"), Sent("日期"), Sent("时间"), To("收件人"), To("收件者"), Subject("主题"), Subject("主旨"), Cc("抄送"), Cc("副本"), Rule("原始邮件"), Rule("原始郵件")]
    "Gmail" Zh [Wrote("写道"), Wrote("寫道"), Rule("转发的邮件"), Rule("轉寄的郵件"), Rule("已转发邮件"), From("发件人"), Sent("date"), Subject("subject"), To("to"), Sent("日期"), Subject("主题"), To("收件人")]
    "Proton" Zh [Wrote("来信"), Wrote("写道"), Wrote("寫道"), Rule("原始邮件"), Rule("原始郵件"), Rule("原始信息"), Rule("原始訊息"), From("发件人"), Sent("日期"), Subject("主题"), To("收件人")]
    "Apple Mail" Zh [Wrote("写道"), Wrote("寫道"), Begins("以下是转发的邮件"), Begins("转发的邮件"), Begins("開始轉寄郵件")]
    "Thunderbird" Zh [Wrote("写道"), Wrote("寫道"), Wrote("写于"), Rule("转发的消息"), Rule("原始消息"), Rule("轉寄郵件"), Rule("原始郵件"), Rule("轉寄的訊息")]
    "Thunderbird for Android" Zh [Wrote("写道"), Wrote("寫到"), Rule("原始邮件"), Rule("原始郵件"), Sent("寄送日期")]
    // ---- Japanese ----
    "Outlook" Ja [From("差出人"), Sent("送信日時"), Sent("日付"), To("宛先"), Subject("件名"), Cc("cc"), Rule("元のメッセージ")]
    "Gmail" Ja [Wrote("書きました"), Wrote("のメール"), Rule("転送されたメッセージ"), From("差出人"), From("from"), Sent("date"), Subject("subject"), To("to"), Sent("日付"), Subject("件名"), To("宛先")]
    "Proton" Ja [Wrote("が送信"), Wrote("が作成"), Wrote("書きました"), Rule("元のメッセージ"), From("送信者"), Sent("日付"), Subject("件名"), To("宛先")]
    "Apple Mail" Ja [Wrote("のメール"), Begins("転送されたメッセージ")]
    "Thunderbird" Ja [Opens("on"), Wrote("wrote"), Wrote("書きました"), Rule("forwarded message"), Rule("original message"), Rule("転送メッセージ"), Rule("元のメッセージ")]
    "Thunderbird for Android" Ja [Rule("元メール"), Sent("送信日")]
    "HubSpot" Ja [Wrote("書きました"), Rule("転送メッセージ"), Rule("転送されたメッセージ"), From("送信者"), From("差出人"), Sent("日付"), Sent("送信日時"), To("宛先"), Subject("件名")]
    // ---- Korean ----
    "Outlook" Ko [From("보낸 사람"), Sent("보낸 날짜"), Sent("날짜"), To("받는 사람"), Subject("제목"), Cc("참조"), Rule("원본 메시지")]
    "Gmail" Ko [Wrote("님이 작성"), Wrote("작성"), Rule("전달된 메일"), Rule("전달된 메시지"), From("보낸사람"), From("보낸 사람"), Sent("date"), Subject("subject"), To("to"), Sent("날짜"), Subject("제목"), To("받는사람")]
    "Apple Mail" Ko [Wrote("작성"), Begins("전달된 메시지")]
    "Proton" Ko [Wrote("님이 작성함"), Rule("원본 메시지"), From("보낸 사람"), Sent("날짜"), Subject("제목"), To("받는 사람")]
    "Thunderbird" Ko [Wrote("이(가) 쓴 글"), Wrote("쓴 글"), Wrote("작성"), Wrote("님이 쓴 글"), Rule("전달된 메시지"), Rule("원본 메시지")]
    "Thunderbird for Android" Ko [Wrote("작성함"), Rule("원본 메시지")]
    // ---- Roundcube, in every language above it is translated into ----
    // program/localization/<lang>/labels.inc: "mailreplyintro" ("On $date,
    // $sender wrote:") and the forward's "originalmessage" rule over its
    // subject/date/from/to labels.
    "Roundcube" En [Opens("on"), Wrote("wrote"), Rule("original message"), Subject("subject"), Sent("date"), From("from"), To("to")]
    "Roundcube" De [Opens("am"), Wrote("schrieb"), Rule("originalnachricht"), Subject("betreff"), Sent("datum"), From("von"), To("an")]
    "Roundcube" Fr [Opens("le"), Wrote("a écrit"), Rule("courriel original"), Subject("objet"), Sent("date"), From("de"), To("à")]
    "Roundcube" It [Opens("il"), Wrote("ha scritto"), Rule("messaggio originale"), Subject("oggetto"), Sent("data"), From("mittente"), To("destinatario")]
    "Roundcube" Es [Opens("el"), Wrote("escribió"), Rule("mensaje original"), Subject("asunto"), Sent("fecha"), From("de"), To("destinatario")]
    "Roundcube" Pl [Opens("w dniu"), Wrote("napisał(a)"), Rule("wiadomość oryginalna"), Subject("temat"), Sent("data"), From("od"), To("do")]
    "Roundcube" Uk [Wrote("написав"), Rule("оригінальне повідомлення"), Subject("тема"), Sent("дата"), From("від кого"), To("кому")]
    "Roundcube" Ro [Opens("în"), Wrote("a scris"), Rule("mesaj original"), Subject("subiect"), Sent("data"), From("expeditor"), To("destinatar")]
    "Roundcube" Nl [Wrote("schreef op"), Wrote("schreef"), Rule("oorspronkelijke bericht"), Subject("onderwerp"), Sent("datum"), From("afzender"), To("ontvanger")]
    "Roundcube" Tr [Wrote("yazmış"), Rule("özgün ileti"), Subject("konu"), Sent("tarih"), From("gönderici"), To("alıcı")]
    "Roundcube" Ru [Wrote("писал(а)"), Rule("исходное сообщение"), Subject("тема"), Sent("дата"), From("от"), To("кому")]
    "Roundcube" Pt [Opens("a"), Opens("em"), Wrote("escreveu"), Rule("mensagem original"), Subject("assunto"), Sent("data"), From("de"), To("para")]
    "Roundcube" El [Opens("στις"), Wrote("έγραψε"), Rule("αρχικό μήνυμα"), Subject("θέμα"), Sent("ημερομηνία"), From("αποστολέας"), To("παραλήπτης")]
    "Roundcube" Cs [Opens("dne"), Wrote("napsal"), Rule("původní zpráva"), Subject("předmět"), Sent("datum"), From("odesílatel"), To("adresát")]
    "Roundcube" Hu [Wrote("ezt írta"), Rule("eredeti üzenet"), Subject("tárgy"), Sent("dátum"), From("feladó"), To("címzett")]
    "Roundcube" Sv [Wrote("skrev"), Rule("ursprungligt meddelande"), Subject("ämne"), Sent("datum"), From("från"), To("mottagare")]
    "Roundcube" Sr [Opens("дана"), Wrote("написа"), Rule("оригинална порука"), Subject("наслов"), Sent("датум"), From("од"), To("за")]
    "Roundcube" Bg [Opens("на"), Wrote("написа"), Rule("оригинално писмо"), Subject("заглавие"), Sent("дата"), From("от"), To("до")]
    "Roundcube" Da [Wrote("skrev den"), Wrote("skrev"), Rule("original besked"), Subject("emne"), Sent("dato"), From("afsender"), To("modtager")]
    "Roundcube" Fi [Wrote("kirjoitti"), Rule("alkuperäinen viesti"), Subject("aihe"), Sent("päiväys"), From("lähettäjä"), To("vastaanottaja")]
    "Roundcube" Sk [Opens("dňa"), Wrote("napísal(a)"), Rule("pôvodná správa"), Subject("predmet"), Sent("dátum"), From("od"), To("komu")]
    "Roundcube" Nb [Opens("den"), Wrote("skrev"), Rule("opprinnelig melding"), Subject("emne"), Sent("dato"), From("avsender"), To("mottaker")]
    "Roundcube" Hr [Opens("dana"), Wrote("je napisao(la)"), Rule("izvorna poruka"), Subject("naslov"), Sent("datum"), From("od"), To("za")]
    "Roundcube" Lt [Wrote("rašė"), Rule("originalus laiškas"), Subject("tema"), Sent("data"), From("siuntėjas"), To("gavėjas")]
    "Roundcube" Sl [Wrote("napisal"), Rule("izvorno sporočilo"), Subject("zadeva"), Sent("datum"), From("od"), To("za")]
    "Roundcube" Lv [Wrote("rakstīja"), Rule("sākotnējā vēstule"), Subject("temats"), Sent("datums"), From("no"), To("kam")]
    "Roundcube" Et [Wrote("kirjutas"), Rule("esialgne kiri"), Subject("pealkiri"), Sent("kuupäev"), From("saatja"), To("saaja")]
    "Roundcube" Ca [Opens("el"), Wrote("va escriure"), Rule("missatge original"), Subject("assumpte"), Sent("data"), From("remitent"), To("destinatari")]
    "Roundcube" Sq [Opens("më"), Wrote("shkroi"), Rule("mesazhi origjinal"), Subject("subjekt"), Sent("datë"), From("nga"), To("për")]
    "Roundcube" Mk [Rule("оригинална порака"), Subject("наслов"), Sent("датум"), From("од"), To("примач")]
    "Roundcube" Ar [Wrote("كتب"), Rule("الرسالة الأساسية"), Subject("الموضوع"), Sent("التاريخ"), From("المرسل"), To("المستقبل")]
    "Roundcube" Zh [Wrote("写道"), Wrote("寫到"), Rule("原始邮件"), Rule("原始郵件"), Subject("主题"), Subject("主旨"), Sent("日期"), From("发件人"), From("寄件者"), To("收件人"), To("收件者")]
    "Roundcube" Ja [Wrote("さんは書きました"), Wrote("書きました"), Rule("元のメッセージ"), Subject("件名"), Sent("日付"), From("発信者"), To("宛先")]
    "Roundcube" Ko [Wrote("쓴 내용"), Rule("원본 메시지"), Subject("제목"), Sent("날짜"), From("보낸 사람"), To("받는 사람")]
};

/// Which field of a quoted header block a label names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    From,
    Date,
    To,
    Subject,
    Cc,
}

/// The table gathered for look-ups.
pub struct Index {
    /// Every attribution verb, found anywhere in a candidate line.
    pub verbs: AhoCorasick,
    /// Per verb pattern: whether it is written in a script without spaces
    /// (Chinese, Japanese, Korean), where it needs no word boundary.
    pub verb_unspaced: Vec<bool>,
    pub openers: Vec<&'static str>,
    /// Rule phrases, longest first so "original message" does not shadow a
    /// longer phrase that starts the same way.
    pub rules: Vec<&'static str>,
    pub begins: Vec<&'static str>,
    pub aboves: Vec<&'static str>,
    /// The same markers in one automaton, ASCII case ignored: the cheap test
    /// a line passes before it is compared whole.
    pub above_markers: AhoCorasick,
    /// Header label → the field it names and the languages that write it.
    pub labels: HashMap<&'static str, (Field, LangSet)>,
    /// The longest label, in bytes.
    pub longest_label: usize,
    pub html: Vec<&'static str>,
    /// The HTML containers in one automaton: one pass finds the first.
    pub html_markers: AhoCorasick,
}

fn unspaced(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(c as u32,
            0x3040..=0x30ff | 0x3400..=0x9fff | 0xac00..=0xd7af | 0x1100..=0x11ff | 0xf900..=0xfaff)
    })
}

fn push_unique(list: &mut Vec<&'static str>, s: &'static str) {
    if !list.contains(&s) {
        list.push(s);
    }
}

fn build() -> Index {
    let mut verbs = Vec::new();
    let mut openers = Vec::new();
    let mut rules = Vec::new();
    let mut begins = Vec::new();
    let mut aboves = Vec::new();
    let mut html = Vec::new();
    let mut labels: HashMap<&'static str, (Field, LangSet)> = HashMap::new();
    for format in FORMATS {
        for mark in format.marks {
            let (field, label) = match *mark {
                Wrote(s) => {
                    push_unique(&mut verbs, s);
                    continue;
                }
                Opens(s) => {
                    push_unique(&mut openers, s);
                    continue;
                }
                Rule(s) => {
                    push_unique(&mut rules, s);
                    continue;
                }
                Begins(s) => {
                    push_unique(&mut begins, s);
                    continue;
                }
                Above(s) => {
                    push_unique(&mut aboves, s);
                    continue;
                }
                Html(s) => {
                    push_unique(&mut html, s);
                    continue;
                }
                From(s) => (Field::From, s),
                Sent(s) => (Field::Date, s),
                To(s) => (Field::To, s),
                Subject(s) => (Field::Subject, s),
                Cc(s) => (Field::Cc, s),
            };
            let entry = labels.entry(label).or_insert((field, 0));
            entry.1 |= format.lang.bit();
        }
    }
    rules.sort_by_key(|r| std::cmp::Reverse(r.len()));
    aboves.sort_by_key(|r| std::cmp::Reverse(r.len()));
    let verb_unspaced = verbs.iter().map(|v| unspaced(v)).collect();
    let verbs = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&verbs)
        .expect("the attribution verbs build an automaton");
    let longest_label = labels.keys().map(|k| k.len()).max().unwrap_or(0);
    let above_markers = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(&aboves)
        .expect("the help desks' markers build an automaton");
    let html_markers = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostFirst)
        .build(&html)
        .expect("the HTML containers build an automaton");
    Index {
        verbs,
        verb_unspaced,
        openers,
        rules,
        begins,
        aboves,
        above_markers,
        labels,
        longest_label,
        html,
        html_markers,
    }
}

/// The table, gathered on first use.
pub static INDEX: LazyLock<Index> = LazyLock::new(build);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_lower_case_and_trimmed() {
        for format in FORMATS {
            for mark in format.marks {
                let s = match *mark {
                    Wrote(s) | Opens(s) | Rule(s) | Begins(s) | From(s) | Sent(s) | To(s)
                    | Subject(s) | Cc(s) | Html(s) | Above(s) => s,
                };
                assert_eq!(s, s.to_lowercase(), "{} {:?}", format.client, format.lang);
                assert_eq!(s, s.trim(), "{} {:?}", format.client, format.lang);
                assert!(!s.is_empty());
            }
        }
    }

    #[test]
    fn a_label_names_one_field() {
        let mut seen: HashMap<&str, Field> = HashMap::new();
        for format in FORMATS {
            for mark in format.marks {
                let (field, label) = match *mark {
                    From(s) => (Field::From, s),
                    Sent(s) => (Field::Date, s),
                    To(s) => (Field::To, s),
                    Subject(s) => (Field::Subject, s),
                    Cc(s) => (Field::Cc, s),
                    _ => continue,
                };
                let known = *seen.entry(label).or_insert(field);
                assert_eq!(
                    known, field,
                    "{label} in {} {:?}",
                    format.client, format.lang
                );
            }
        }
    }

    #[test]
    fn every_language_has_outlook_and_gmail() {
        for lang in 0..=(Lang::Ko as u8) {
            for client in ["Outlook", "Gmail"] {
                assert!(
                    FORMATS
                        .iter()
                        .any(|f| f.client == client && f.lang as u8 == lang),
                    "{client} language #{lang}"
                );
            }
        }
    }
}

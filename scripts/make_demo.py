#!/usr/bin/env python3
"""Writes the demo mailbox assets/demo/demo.mbox.

The demo mailbox is the team mailbox of a small company (example.com) that
writes to Vipps Integration over twelve months. Every issue is described below
as data: who wrote what, when, and how (plain text, HTML, encodings, quoting).
The output is deterministic: running the script twice gives identical bytes.

The issues, their expected status and flags are listed in
assets/demo/README.md; keep the two in step when changing a scenario.

Usage: python3 scripts/make_demo.py [OUT]   (default: assets/demo/demo.mbox)
"""

import base64
import email.policy
import email.utils
import hashlib
import mailbox
import os
import struct
import sys
import textwrap
import zlib
from datetime import datetime, timedelta
from email.message import EmailMessage
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")
# Bodies are encoded under RFC 2045's 76-column limit; headers are written
# unfolded (up to 998 columns) as many clients do, which keeps them readable.
BODY_POLICY = email.policy.default.clone(linesep="\n", max_line_length=76)
POLICY = email.policy.default.clone(linesep="\n", max_line_length=998)


class P:
    def __init__(self, name, addr, client):
        self.name = name
        self.addr = addr
        self.client = client

    def __str__(self):
        return f"{self.name} <{self.addr}>" if self.name else self.addr


OLA = P("Ola Nordmann", "ola@example.com", "thunderbird")
KARI = P("Kari Hansen", "kari@example.com", "outlook")
PER = P("Per Olsen", "per@example.com", "outlook")
INGRID = P("Ingrid Berg", "ingrid@example.com", "apple")
TEAM = P("Example Team", "team@example.com", "outlook")
DESK = P("Vipps Integration", "integration@vipps.no", "desk")
NOREPLY = P("Vipps Integration", "noreply@vipps.no", "desk")

TITLES = {
    OLA: ("Utvikler", "Developer"),
    KARI: ("Teamleder betaling", "Payments team lead"),
    PER: ("Backend-utvikler", "Backend developer"),
    INGRID: ("Fullstack-utvikler", "Full-stack developer"),
}
PHONES = {OLA: "+47 912 34 567", KARI: "+47 934 56 128", PER: "+47 977 10 245", INGRID: "+47 415 88 302"}

WEEKDAYS_NO = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]
MONTHS_NO = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
             "september", "oktober", "november", "desember"]


def d(text):
    """'2025-12-02 09:14' in Oslo local time."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=OSLO)


def mid(seed, client):
    h = hashlib.sha256(seed.encode()).hexdigest()
    if client == "outlook":
        return f"<AM0PR04MB{h[:4].upper()}{h[4:16].upper()}@AM0PR04MB{h[16:20].upper()}.eurprd04.prod.outlook.com>"
    if client == "apple":
        return f"<{h[:8].upper()}-{h[8:12].upper()}-{h[12:16].upper()}-{h[16:20].upper()}-{h[20:32].upper()}@example.com>"
    if client == "gmail":
        return f"<CAJ{h[:30]}@mail.gmail.com>"
    if client == "desk":
        return f"<JIRA.{int(h[:8], 16) % 900000 + 100000}.{h[8:20]}@vipps.atlassian.net>"
    return f"<{h[:8]}-{h[8:12]}-{h[12:16]}@example.com>"


def signature(p, lang):
    title = TITLES[p][0 if lang == "no" else 1]
    greet = "Mvh" if lang == "no" else "Best regards"
    return f"\n\n{greet}\n{p.name}\n\n-- \n{p.name} | {title} | Example AS\n{PHONES[p]}"


def desk_sig(agent, lang):
    greet = "Vennlig hilsen" if lang == "no" else "Best regards"
    return f"\n\n{greet}\n{agent}\nVipps Integration\nhttps://developer.vippsmobilepay.com"


def details(lang, msn, api, env, order, when):
    if lang == "no":
        return (f"Org.nr.: 912 345 678\nMSN: {msn}\nProdukt/API: {api}\nMiljø: {env}\n"
                f"orderId: {order}\nDato: {when}")
    return (f"Company: Example AS, org.nr. 912 345 678\nMSN: {msn}\nAPI: {api}\nEnvironment: {env}\n"
            f"orderId: {order}\nDate: {when}")


def auto_text(key, lang):
    if lang == "no":
        return (f"Hei,\n\nTakk for henvendelsen til Vipps Integration. Saken din er registrert som {key}.\n\n"
                f"Behold {key} i emnefeltet når du sender mer informasjon om denne saken, og svar på "
                "denne e-posten i stedet for å skrive en ny. Vi har allerede alle tidligere meldinger, "
                "så du trenger ikke sitere dem.\n\nVi svarer henvendelser i den rekkefølgen de kommer inn. "
                "Se gjerne https://developer.vippsmobilepay.com i mellomtiden.\n\n"
                "Dette er et automatisk svar.\nVipps Integration")
    return (f"Hello,\n\nThank you for contacting Vipps Integration. Your request has been registered as {key}.\n\n"
            f"Please keep {key} in the Subject when you send more information about this issue, and reply "
            "to this email rather than writing a new one. We already have all earlier messages, so there "
            "is no need to quote them.\n\nWe answer requests in the order they arrive. In the meantime, "
            "the documentation at https://developer.vippsmobilepay.com may help.\n\n"
            "This is an automatic reply.\nVipps Integration")


def wrap(text, width=72):
    """Hard-wraps long prose lines as Thunderbird, Gmail and the desk's system
    do; quoted lines keep their '> ' on every piece, pasted JSON is left as is."""
    out = []
    for line in text.split("\n"):
        prefix = ""
        while line.startswith(">"):
            prefix += ">"
            line = line[1:]
        if prefix and line.startswith(" "):
            prefix += " "
            line = line[1:]
        if len(prefix) + len(line) <= width or "{" in line or "://" in line.split(" ")[0]:
            out.append(prefix + line)
            continue
        for piece in textwrap.wrap(line, width - len(prefix), break_long_words=False,
                                   break_on_hyphens=False):
            out.append(prefix + piece)
    return "\n".join(out)


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def text_to_html(text, client):
    """A plain body as the HTML a mail client would send beside it."""
    paras = text.split("\n\n")
    out = []
    for para in paras:
        lines = [esc(line) for line in para.split("\n")]
        if client == "outlook":
            out.append('<p class="MsoNormal">' + "<br>\n".join(lines) + "</p>")
        else:
            out.append("<div>" + "<br>\n".join(lines) + "</div>")
    font = ('style="font-family:Calibri,sans-serif;font-size:11pt"' if client == "outlook"
            else 'style="font-family:-apple-system,Helvetica,Arial,sans-serif"')
    return f"<html>\n<head><meta charset=\"utf-8\"></head>\n<body {font}>\n" + "\n".join(out) + "\n</body>\n</html>\n"


def png_screenshot():
    """A small PNG (a grey phone screen with a red error bar), built by hand."""
    w, h = 48, 96
    rows = []
    for y in range(h):
        row = bytearray([0])
        for x in range(w):
            if 2 <= x < w - 2 and 40 <= y < 52:
                row += bytes([214, 48, 49])
            elif 2 <= x < w - 2 and 6 <= y < h - 6:
                row += bytes([245, 245, 247])
            else:
                row += bytes([30, 30, 34])
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", raw) + chunk(b"IEND", b""))


def incident_pdf():
    """A one-page PDF (the desk's incident report), written by hand so that
    it is the same on every run."""
    text = b"BT /F1 12 Tf 72 720 Td (Hendelsesrapport: refusjon med delvis capture, 18.05.2026) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for o in offsets:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def refund_log():
    lines = []
    t = datetime(2026, 5, 18, 21, 0, 4)
    for i in range(24):
        ref = f"ex-2026-0518{i:02d}"
        lines.append(
            '{"ts": "%s", "level": "%s", "msg": "refund", "reference": "%s", '
            '"request": "POST /epayment/v1/payments/%s/refund", "amountValue": %d, '
            '"status": %d, "traceId": "00-%s-01"}'
            % ((t + timedelta(seconds=37 * i)).strftime("%Y-%m-%dT%H:%M:%S+02:00"),
               "error" if i % 3 == 0 else "info", ref, ref, 1990 + 500 * i,
               500 if i % 3 == 0 else 200, hashlib.sha256(ref.encode()).hexdigest()[:32]))
    return ("\n".join(lines) + "\n").encode()


def prefix_date_en(dt):
    return dt.strftime("%a, %d %b %Y at %H:%M")


def outlook_no_date(dt):
    return f"{WEEKDAYS_NO[dt.weekday()]} {dt.day}. {MONTHS_NO[dt.month - 1]} {dt.year} {dt:%H:%M}"


class Issue:
    """The state of one thread while its messages are written."""

    def __init__(self, box, key, subject, lang):
        self.box = box
        self.key = key
        self.subject = subject
        self.lang = lang
        self.canon = None
        self.last = None  # (message-id, references, sender, to, cc, subject, text, date)
        self.n = 0
        self.count = 0
        box.issues.append(self)

    def _emit(self, frm, to, cc, subject, date, text, **kw):
        self.n += 1
        client = kw.get("client", frm.client)
        msgid = mid(f"{self.key or self.subject}/{self.n}", client)
        refs = []
        if self.last is not None and not kw.get("fresh"):
            refs = self.last["refs"] + [self.last["id"]]
        self.box.add(frm, to, cc, subject, date, msgid, refs, text, **kw)
        self.count += 1
        self.last = dict(id=msgid, refs=refs, frm=frm, to=to, cc=cc, subject=subject, text=text, date=date)

    def request(self, frm, cc, date, text, **kw):
        self._emit(frm, [DESK], cc, self.subject, date, text + signature(frm, self.lang), fresh=True, **kw)

    def auto(self, date, form="bracket", noreply=False):
        subj = {
            "bracket": f"[{self.key}] {self.subject}",
            "colon": f"{self.key}: {self.subject}",
            "re": f"RE: {self.subject} [{self.key}]",
        }[form]
        self.canon = subj
        req = self.last
        frm = NOREPLY if noreply else DESK
        self._emit(frm, [req["frm"]], [a for a in req["cc"]], subj, date, auto_text(self.key, self.lang),
                   reply_to=DESK if noreply else None, auto=True)

    def desk(self, date, agent, text, prefix="RE: ", html=False, **kw):
        last = self.last
        to = [last["frm"]] if last["frm"] not in (DESK, NOREPLY) else list(last["to"])
        cc = [a for a in (last["to"] + last["cc"]) if a not in (DESK, NOREPLY) and a not in to]
        body = text + desk_sig(agent, self.lang)
        self._emit(DESK, to, cc, prefix + self.canon, date, body, html=html, **kw)

    def team(self, frm, date, text, prefix="Re: ", subject=None, drop=(), quote=None, **kw):
        last = self.last
        everyone = [a for a in (last["to"] + last["cc"] + [last["frm"]]) if a not in (DESK, NOREPLY)]
        cc = []
        for a in everyone:
            if a is not frm and a not in cc and a not in drop:
                cc.append(a)
        subj = subject if subject is not None else prefix + self.canon
        body = text + signature(frm, self.lang)
        html_quote = None
        if quote == "gmail":
            when = prefix_date_en(last["date"])
            quoted = "\n".join("> " + line if line else ">" for line in last["text"].split("\n"))
            body += f"\n\nOn {when}, {last['frm']} wrote:\n{quoted}\n"
            html_quote = ("gmail", when, last)
        elif quote == "outlook_no":
            body += ("\n\nFra: {f}\nSendt: {s}\nTil: {t}\nKopi: {c}\nEmne: {e}\n\n{x}".format(
                f=last["frm"], s=outlook_no_date(last["date"]), t="; ".join(map(str, last["to"])),
                c="; ".join(map(str, last["cc"])), e=last["subject"], x=last["text"]))
        elif quote == "opprinnelig":
            body += ("\n\n-----Opprinnelig melding-----\nFra: {f}\nSendt: {s}\nTil: {t}\nEmne: {e}\n\n{x}".format(
                f=last["frm"], s=outlook_no_date(last["date"]), t="; ".join(map(str, last["to"])),
                e=last["subject"], x=last["text"]))
        elif quote == "cite":
            html_quote = ("cite", last["date"], last)
        self._emit(frm, [DESK], cc, subj, date, body, html_quote=html_quote, **kw)


class Box:
    def __init__(self):
        self.messages = []
        self.issues = []

    def add(self, frm, to, cc, subject, date, msgid, refs, text, reply_to=None, html=False,
            html_only=False, cte=None, attach=None, html_quote=None, auto=False, fresh=False,
            client=None, charset="utf-8"):
        m = EmailMessage(policy=BODY_POLICY)
        m["From"] = str(frm)
        m["To"] = ", ".join(map(str, to))
        if cc:
            m["Cc"] = ", ".join(map(str, cc))
        if reply_to is not None:
            m["Reply-To"] = str(reply_to)
        m["Subject"] = subject
        m["Date"] = email.utils.format_datetime(date)
        m["Message-ID"] = msgid
        if refs:
            m["In-Reply-To"] = refs[-1]
            m["References"] = " ".join(refs)
        client = client or frm.client
        if client == "outlook":
            m["X-Mailer"] = "Microsoft Outlook 16.0"
            m["Thread-Topic"] = subject.split("] ", 1)[-1]
            m["Content-Language"] = "nb-NO"
        elif client == "apple":
            m["X-Mailer"] = "Apple Mail (2.3826.400.131.1.6)"
        elif client == "thunderbird":
            m["User-Agent"] = "Mozilla Thunderbird"
        if auto:
            m["Auto-Submitted"] = "auto-replied"
            m["X-Auto-Response-Suppress"] = "All"
        m["MIME-Version"] = "1.0"

        html_body = None
        if html_quote is not None:
            kind, when, last = html_quote
            own = text_to_html(text.split("\n\nOn ")[0], client).split("<body", 1)[1].split(">", 1)[1]
            own = own.replace("</body>\n</html>\n", "")
            prev = text_to_html(last["text"], "plain").split("<body", 1)[1].split(">", 1)[1]
            prev = prev.replace("</body>\n</html>\n", "")
            if kind == "gmail":
                html_body = (f'<div dir="ltr">{own}</div><br><div class="gmail_quote"><div dir="ltr" '
                             f'class="gmail_attr">On {when}, {esc(str(last["frm"]))} wrote:<br></div>'
                             f'<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;'
                             f'border-left:1px solid rgb(204,204,204);padding-left:1ex">{prev}</blockquote></div>\n')
            else:
                att = f"{when.day}. {MONTHS_NO[when.month - 1][:3]}. {when.year} kl. {when:%H:%M} skrev {esc(str(last['frm']))}:"
                html_body = (f'<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head>'
                             f'<body style="overflow-wrap: break-word;">{own}<div><br><blockquote type="cite">'
                             f'<div>{att}</div><br><div>{prev}</div></blockquote></div></body></html>\n')
                # Apple Mail's plain part quotes with '>' as well.
                quoted = "\n".join("> " + line if line else ">" for line in last["text"].split("\n"))
                text = text + f"\n\n{att.replace('&lt;', '<').replace('&gt;', '>')}\n\n{quoted}\n"
        elif html or html_only:
            html_body = text_to_html(text, client)

        if client in ("thunderbird", "gmail", "desk"):
            text = wrap(text)
        if html_only:
            m.set_content(html_body, subtype="html", charset=charset, cte=cte or "quoted-printable")
        else:
            m.set_content(text + "\n", charset=charset, cte=cte or ("8bit" if charset != "utf-8" else None))
            if html_body is not None:
                m.add_alternative(html_body, subtype="html", cte="quoted-printable")
        if attach is not None:
            data, maintype, subtype, filename = attach
            m.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
        for n, part in enumerate(m.walk()):
            if part.is_multipart():
                # Random boundaries would make the file differ on every run.
                h = hashlib.sha256(f"{msgid}/{n}".encode()).hexdigest()[:24]
                part.set_boundary(f"----=_Part_{n}_{h}")
        raw = m.as_bytes(policy=POLICY)
        self.messages.append((frm.addr, date, raw))

    def add_raw(self, sender, date, raw):
        self.messages.append((sender, date, raw))

    def write(self, path):
        if os.path.exists(path):
            os.remove(path)
        box = mailbox.mbox(path, create=True)
        box.lock()
        try:
            for sender, date, raw in self.messages:
                mm = mailbox.mboxMessage(raw)
                mm.set_from(sender, date.astimezone(ZoneInfo("UTC")).timetuple())
                box.add(mm)
            box.flush()
        finally:
            box.unlock()
            box.close()


def latin1_message(box, issue, frm, cc, date, subject_words, text):
    """A request from an old client that writes ISO-8859-1 (quoted-printable body and subject)."""
    issue.n += 1
    msgid = mid(f"{issue.subject}/{issue.n}", "outlook")
    enc_subject = "=?iso-8859-1?Q?" + "".join(
        c if c.isalnum() and ord(c) < 128 else ("_" if c == " " else "=%02X" % ord(c))
        for c in subject_words) + "?="
    body = (text + signature(frm, issue.lang) + "\n").encode("iso-8859-1")
    import quopri
    qp = quopri.encodestring(body)
    headers = (
        f"From: {frm}\nTo: {DESK}\nCc: {', '.join(map(str, cc))}\nSubject: {enc_subject}\n"
        f"Date: {email.utils.format_datetime(date)}\nMessage-ID: {msgid}\nX-Mailer: Microsoft Office Outlook 12.0\n"
        "MIME-Version: 1.0\nContent-Type: text/plain; charset=\"iso-8859-1\"\n"
        "Content-Transfer-Encoding: quoted-printable\n\n"
    )
    box.add_raw(frm.addr, date, headers.encode("ascii") + qp)
    issue.count += 1
    issue.last = dict(id=msgid, refs=[], frm=frm, to=[DESK], cc=list(cc), subject=subject_words,
                      text=text + signature(frm, issue.lang), date=date)


HTTP_EPAY = """Request:
POST https://apitest.vipps.no/epayment/v1/payments
Content-Type: application/json
Merchant-Serial-Number: 212345
Ocp-Apim-Subscription-Key: ****9f3e
Authorization: Bearer ****Jk2w
Idempotency-Key: 7b1e0c52-4d0a-4a55-9d1e-0c1f3a9e5b21

{"amount": {"currency": "NOK", "value": 49900}, "paymentMethod": {"type": "WALLET"},
 "customer": {"phoneNumber": "4791234567"}, "reference": "ex-2025-120201",
 "userFlow": "WEB_REDIRECT", "returnUrl": "https://shop.example.com/vipps/return"}

Response:
HTTP/1.1 400 Bad Request
{"type": "https://developer.vippsmobilepay.com/docs/APIs/epayment-api/errors",
 "title": "Bad Request", "detail": "Invalid merchant serial number", "status": 400,
 "traceId": "00-8f3b2c6d1e0a4f5b9c7d2e1f0a3b4c5d-01"}"""


def build():
    box = Box()

    # 1. Resolved, then a different question on the same thread > 14 days later (new-problem).
    i = Issue(box, "VSD-40112", 'POST /epayment/v1/payments gives HTTP 400 "Invalid merchant serial number"', "en")
    i.request(OLA, [KARI], d("2025-12-02 09:14"),
              "Hi,\n\nWhen we create a payment in the test environment, the ePayment API answers HTTP 400.\n\n"
              "Steps:\n1. POST /epayment/v1/payments with the request below\n"
              "2. The response is 400 Bad Request, detail \"Invalid merchant serial number\"\n\n"
              "The same MSN works with the eCom API, so the keys themselves seem fine.\n\n" + HTTP_EPAY + "\n\n"
              + details("en", "212345", "ePayment API", "Test (MT)", "ex-2025-120201", "2 December 2025, 09:05"))
    i.auto(d("2025-12-02 09:15"))
    i.desk(d("2025-12-03 13:40"), "Sofie",
           "Hi Ola,\n\nThanks for the detailed request. MSN 212345 belongs to a different sales unit than the "
           "API keys you are using: the keys belong to MSN 212346. In the test environment every sales unit "
           "has its own keys. Please fetch the keys for 212345 on portal.vipps.no under Utvikler > Test keys "
           "and try again.\n\nFrom the logs we can see that your eCom calls send 212346 as "
           "Merchant-Serial-Number, which is why those work.", html=True)
    i.team(OLA, d("2025-12-04 08:55"),
           "Hi Sofie,\n\nThat was it: with the keys for 212345 the payment is created and we get 201 Created. "
           "Thanks for the quick help!")
    i.desk(d("2025-12-04 10:02"), "Sofie",
           "Great to hear. I am marking this issue as resolved. If something new comes up, please send a new "
           "email to integration@vipps.no so that it gets its own issue number.")
    i.team(KARI, d("2026-01-13 10:21"),
           "Hi again,\n\nA different question for the same sales unit: the payments we create with MSN 212345 "
           "do not show up in the settlement report in the portal. Where do we find settlement files for the "
           "test environment?")

    # 2. Norwegian Outlook quote block; resolved ("løst").
    i = Issue(box, "VSD-40157", "Webhooks kommer ikke fram i testmiljøet", "no")
    i.request(KARI, [PER, TEAM], d("2025-12-09 14:02"),
              "Hei,\n\nVi har registrert en webhook for ePayment i testmiljøet, men vi mottar ingen kall når en "
              "betaling blir autorisert eller avbrutt.\n\nSlik gjør vi det:\n"
              "1. POST /webhooks/v1/webhooks med url https://hooks.example.com/vipps og hendelsene "
              "epayments.payment.authorized.v1 og epayments.payment.aborted.v1\n"
              "2. Svaret er 201 Created med id 3c6b1f5e-2a0d-4f0e-9b7a-5d9c2e1f4a60\n"
              "3. Vi gjennomfører en betaling i Vipps-appen (MT)\n"
              "4. Ingen kall kommer fram til endepunktet vårt, og vi ser ingenting i loggene\n\n"
              "Endepunktet svarer 200 OK på et manuelt POST-kall fra Postman.\n\n"
              + details("no", "212345", "Webhooks API / ePayment", "test (MT)", "ex-2025-120907",
                        "9. desember 2025 kl. 13:40"), html=True, cte="quoted-printable")
    i.auto(d("2025-12-09 14:03"), form="colon")
    i.desk(d("2025-12-10 10:15"), "Anders",
           "Hei Kari,\n\nTakk for grundig beskrivelse. Webhooken er registrert riktig, men kallene våre til "
           "hooks.example.com feiler i TLS-håndtrykket: sertifikatkjeden mangler mellomsertifikatet. Kan dere "
           "sjekke sertifikatet på endepunktet, for eksempel med SSL Labs, og svare på denne e-posten når det "
           "er rettet?")
    i.team(KARI, d("2025-12-11 09:30"),
           "Hei Anders,\n\nTakk! Vi har lagt inn mellomsertifikatet nå, og SSL Labs gir karakter A. Kan dere "
           "sjekke igjen?", prefix="SV: ", quote="outlook_no", cte="quoted-printable")
    i.desk(d("2025-12-11 13:05"), "Anders",
           "Hei igjen,\n\nNå kommer kallene fram: vi ser 200 OK fra endepunktet deres for de siste "
           "betalingene. Saken er løst. Skriv gjerne en ny e-post hvis dere får problemer med webhooks senere.")

    # 3. Resolved ("closed"), later a new question on the old thread (new-problem).
    i = Issue(box, "VSD-40203", "Recurring agreement stays PENDING after approval in the app", "en")
    i.request(PER, [OLA], d("2025-12-17 11:20"),
              "Hello,\n\nAgreements created with the Recurring API stay PENDING after the user approves them "
              "in the app.\n\n1. POST /recurring/v3/agreements (pricing LEGACY, interval MONTH)\n"
              "2. The user approves in the app and is sent to our merchantRedirectUrl\n"
              "3. GET /recurring/v3/agreements/agr_5kSeAbCD2 still returns \"status\": \"PENDING\" 30 minutes "
              "later\n\nThis happened for 14 agreements between 10:50 and 11:45 today.\n\n"
              + details("en", "212345", "Recurring API v3", "Production", "agreement agr_5kSeAbCD2, reference "
                        "ex-rec-2025-1217", "17 December 2025, 10:52"))
    i.auto(d("2025-12-17 11:21"), form="re")
    i.desk(d("2025-12-18 09:12"), "Marius",
           "Hi Per,\n\nAgreements are activated asynchronously, which normally takes a few seconds. On "
           "17 December between 10:48 and 11:47 activation was delayed by an incident on our side. All "
           "agreements from that window are ACTIVE now. Can you confirm that agr_5kSeAbCD2 is ACTIVE for you?")
    i.team(PER, d("2025-12-18 15:10"),
           "Hi Marius,\n\nConfirmed: agr_5kSeAbCD2 is ACTIVE and the first charge has been created. Thanks.",
           prefix="Re: RE: ")
    i.desk(d("2025-12-19 09:00"), "Marius", "Thanks for confirming. The issue is closed on our side.")
    i.team(PER, d("2026-02-10 13:37"),
           "Hi,\n\nSomething else: charges created with a due date one day ahead are rejected with "
           "400 \"Due date too early\". The documentation says two days for RECURRING charges, but we use "
           "DIRECT_CAPTURE. Is the limit the same?", prefix="Re: RE: ")

    # 4. HTML-only messages; resolved.
    i = Issue(box, "VSD-40288", "Vipps Logg inn: «redirect_uri» blir avvist i produksjon", "no")
    i.request(INGRID, [OLA], d("2026-01-08 10:05"),
              "Hei,\n\nEtter at vi flyttet innloggingen til nytt domene, får alle brukerne feilen "
              "\"invalid_request: redirect_uri mismatch\" etter at de har godkjent i appen.\n\n"
              "Forespørsel:\nGET https://api.vipps.no/access-management-1.0/access/oauth2/auth?client_id="
              "5a2c8f0e-1b3d-4e6f-9a7b-2c4d6e8f0a1b&response_type=code&scope=openid%20name%20phoneNumber"
              "&redirect_uri=https%3A%2F%2Fid.example.com%2Fcallback&state=q8Fj2k\n\n"
              "Svar:\nHTTP/1.1 302 Found\nLocation: https://id.example.com/callback?error=invalid_request\n\n"
              "Redirect-URI-en https://id.example.com/callback er lagt inn i portalen.\n\n"
              + details("no", "212345", "Vipps Logg inn", "produksjon", "ikke relevant for Logg inn "
                        "(state q8Fj2k)", "8. januar 2026 kl. 09:50"), html_only=True)
    i.auto(d("2026-01-08 10:06"))
    i.desk(d("2026-01-09 11:30"), "Hanne",
           "Hei Ingrid,\n\nI portalen er redirect-URI-en registrert som https://id.example.com/callback/ "
           "(med skråstrek til slutt). Vipps Logg inn krever at URI-en i forespørselen er nøyaktig lik den "
           "som er registrert. Fjern skråstreken i portalen, eller legg den til i forespørselen.",
           html=True)
    i.team(INGRID, d("2026-01-09 13:02"),
           "Hei Hanne,\n\nDet var skråstreken. Innloggingen fungerer nå. Tusen takk!", prefix="Sv: ",
           html_only=True)
    i.desk(d("2026-01-12 08:45"), "Hanne", "Så bra! Vi markerer saken som løst.")

    # 5. Subject edited with the key kept (subject-changed); desk answered last.
    i = Issue(box, "VSD-40341", "Capture returns 409 Conflict for reserved payments", "en")
    i.request(OLA, [KARI, PER], d("2026-01-20 14:40"),
              "Hi,\n\nCapturing a reserved payment fails with 409 Conflict for roughly one in twenty orders.\n\n"
              "1. POST /epayment/v1/payments/ex-2026-012011/capture with amount 24900 NOK\n"
              "2. Response: HTTP 409 Conflict, title \"Conflict\", detail \"Idempotency key already used\"\n"
              "3. GET /epayment/v1/payments/ex-2026-012011 shows aggregate.capturedAmount 0\n\n"
              + details("en", "212345", "ePayment API", "Production", "ex-2026-012011",
                        "20 January 2026, 14:12"), html=True)
    i.auto(d("2026-01-20 14:41"))
    i.desk(d("2026-01-21 10:05"), "Sofie",
           "Hi Ola,\n\nWhich Idempotency-Key do you send on the capture, and is it the same key you used for an "
           "earlier capture attempt on the same payment?")
    i.team(KARI, d("2026-01-22 09:18"),
           "Hi Sofie,\n\nWe send the order reference as Idempotency-Key, so a retry after a timeout reuses it, "
           "sometimes with a different amount when the order was changed in between.\n\nAlso: can we capture "
           "less than the reserved amount now and the rest later?",
           subject="Re: [VSD-40341] Capture returns 409 Conflict - also partial capture question")
    i.desk(d("2026-01-23 12:50"), "Sofie",
           "Hi Kari,\n\nThat explains the 409: an Idempotency-Key can only be reused for exactly the same "
           "request. Use a new key for each capture operation, and the same key only for retries of that "
           "operation.\n\nPartial captures are supported: capture any amount up to the reserved amount, and "
           "capture the rest later with a new Idempotency-Key.")

    # 6. ISO-8859-1 request; resolved ("lukket").
    i = Issue(box, "VSD-40376", "Får ikke tilgang til MSN 345678 i portalen", "no")
    latin1_message(box, i, PER, [TEAM], d("2026-01-29 08:31"), "Får ikke tilgang til MSN 345678 i portalen",
                   "Hei,\n\nVår nye utvikler Jonas Lie (jonas@example.com) får ikke opp salgsstedet med MSN "
                   "345678 på portal.vipps.no. Administratoren vår har lagt ham inn som bruker, men han får "
                   "meldingen «Du har ikke tilgang til dette salgsstedet». I nettleserens utviklerverktøy ser "
                   "vi at GET /api/merchants/345678 svarer HTTP 403 Forbidden.\n\n"
                   + details("no", "345678", "ePayment, portal.vipps.no", "produksjon", "ikke relevant",
                             "29. januar 2026"))
    i.auto(d("2026-01-29 08:32"))
    i.desk(d("2026-01-30 10:40"), "Hanne",
           "Hei Per,\n\nTilgang til salgssteder i portalen styres av administratoren hos dere. Jonas må ha "
           "rollen «Utvikler» på salgsstedet, ikke bare på bedriften. Administratoren legger den til under "
           "Brukere > Jonas Lie > Salgssteder.")
    i.team(PER, d("2026-01-30 14:22"),
           "Hei Hanne,\n\nTakk, det var rollen på salgsstedet som manglet. Jonas ser MSN 345678 nå.",
           prefix="SV: ")
    i.desk(d("2026-02-02 09:10"), "Hanne", "Flott! Saken er lukket.")

    # 7. Full client_secret and subscription key in the request (secret-unredacted); resolved.
    i = Issue(box, "VSD-40402", "Test environment: POST /accesstoken/get returns 401 Unauthorized", "en")
    i.request(KARI, [OLA], d("2026-02-05 15:55"),
              "Hi,\n\nWe cannot get an access token in the test environment.\n\n"
              "POST https://apitest.vipps.no/accesstoken/get\n"
              "client_id: 5a2c8f0e-1b3d-4e6f-9a7b-2c4d6e8f0a1b\n"
              "client_secret: 3fa4Qz8Lk2Vn7Rt1Yw5Pe9Hs6Dg0Jx4Mb\n"
              "Ocp-Apim-Subscription-Key: 0f9e8d7c6b5a49382716f5e4d3c2b1a0\n"
              "Merchant-Serial-Number: 212345\n\n"
              "Response:\nHTTP/1.1 401 Unauthorized\n{\"statusCode\": 401, \"message\": \"Access denied due to "
              "invalid subscription key.\"}\n\n"
              + details("en", "212345", "Access token API", "Test (MT)", "none yet (we cannot create payments)",
                        "5 February 2026, 15:30"))
    i.auto(d("2026-02-05 15:56"))
    i.desk(d("2026-02-06 09:20"), "Marius",
           "Hi Kari,\n\nThe subscription key you use is a production key; apitest.vipps.no only accepts the "
           "keys for the test environment, which you find under the test sales unit in the portal.\n\n"
           "Your email also contained the full client_secret and Ocp-Apim-Subscription-Key. Please regenerate "
           "both in the portal now, and in future remove everything except the last four characters.")
    i.team(KARI, d("2026-02-06 11:04"),
           "Hi Marius,\n\nSorry about the keys. Both are regenerated (the new subscription key ends in "
           "****7c1d), and with the test keys the token call returns 200 OK.")
    i.desk(d("2026-02-09 08:30"), "Marius", "Thanks, Kari. Resolved.")

    # 8. A request without the checklist (missing-info); desk answered last. The demo closes it locally.
    i = Issue(box, "VSD-40455", "QR-koden fungerer ikke", "no")
    i.request(INGRID, [PER], d("2026-02-16 12:10"),
              "Hei,\n\nQR-koden vår fungerer ikke lenger. Kundene får en feilmelding når de skanner den. "
              "Kan dere se på det?")
    i.auto(d("2026-02-16 12:11"))
    i.desk(d("2026-02-17 09:45"), "Anders",
           "Hei Ingrid,\n\nFor å kunne hjelpe trenger vi mer informasjon:\n\n"
           "- MSN (salgsstednummer)\n- test eller produksjon\n- hvilken type QR-kode (merchant redirect "
           "eller engangsbetaling)\n- id-en til QR-koden\n- hva feilmeldingen sier, gjerne med skjermbilde")
    i.team(INGRID, d("2026-02-18 08:20"),
           "Hei Anders,\n\nBeklager den korte beskrivelsen. Her er detaljene:\n\n"
           "MSN: 212345\nMiljø: produksjon\nType: merchant redirect\nid: shop-entrance-01\n\n"
           "GET /qr/v1/merchant-redirect/shop-entrance-01 svarer 404 Not Found. Skjermbilde fra appen ligger "
           "ved.", attach=(png_screenshot(), "image", "png", "skjermbilde-qr.png"))
    i.desk(d("2026-02-19 13:15"), "Anders",
           "Hei Ingrid,\n\nQR-koden shop-entrance-01 ble slettet 12. februar med et DELETE-kall fra systemet "
           "deres. Opprett den igjen med PUT /qr/v1/merchant-redirect/shop-entrance-01 og samme "
           "redirectUrl; den trykte koden virker igjen så snart id-en finnes.")

    # 9. A reply that leaves out a colleague (cc-dropped); resolved.
    i = Issue(box, "VSD-40519", 'Refund fails with "Refund amount too high" after partial capture', "en")
    i.request(OLA, [KARI], d("2026-03-03 10:30"),
              "Hi,\n\nRefunds fail for orders that were captured in two parts.\n\n"
              "1. Reserve 1 500,00 NOK, capture 1 000,00 NOK, then 300,00 NOK\n"
              "2. POST /epayment/v1/payments/ex-2026-030219/refund with 1 300,00 NOK\n"
              "3. Response: 400 Bad Request, detail \"Refund amount too high\"\n\n"
              + details("en", "212345", "ePayment API", "Production", "ex-2026-030219", "2 March 2026"))
    i.auto(d("2026-03-03 10:31"))
    i.desk(d("2026-03-04 14:00"), "Sofie",
           "Hi Ola,\n\nOur logs show captures of 1 000,00 and 300,00 NOK and an earlier refund of 49,00 NOK on "
           "the same payment, so only 1 251,00 NOK can still be refunded. Can you check whether your refund "
           "job already refunded the shipping?")
    i.team(KARI, d("2026-03-05 09:12"),
           "Hi Sofie,\n\nYou are right: our refund job refunded the shipping first and then the full amount. "
           "We have fixed the job.", drop=(OLA,))
    i.desk(d("2026-03-05 11:40"), "Sofie", "Good that you found it. Closing this as resolved.")

    # 10. Gmail reply with "On ... wrote:" and '>' lines, plus a gmail_quote HTML part (quoted-history).
    i = Issue(box, "VSD-40577", "Webhook signature verification fails for payment events", "en")
    i.request(PER, [OLA, INGRID], d("2026-03-12 16:05"),
              "Hello,\n\nWe verify the HMAC signature of webhook events as described in the Webhooks API guide, "
              "but the computed signature never matches the Authorization header we receive.\n\n"
              "Event: epayments.payment.captured.v1 for reference ex-2026-031208\n"
              "Our endpoint: POST https://hooks.example.com/vipps/events?source=vipps\n"
              "We answer HTTP 200 but log \"signature mismatch\".\n\n"
              + details("en", "212345", "Webhooks API", "Test (MT)", "ex-2026-031208", "12 March 2026"))
    i.auto(d("2026-03-12 16:06"))
    i.desk(d("2026-03-13 10:22"), "Marius",
           "Hi Per,\n\nThe string to sign is the method, the path and query, the date, the host and the "
           "content hash, separated by newlines and semicolons as in the guide. A common mistake is to sign "
           "the full URL instead of only the path and query. Can you check that first?")
    i.team(PER, d("2026-03-14 09:40"),
           "Hi Marius,\n\nThanks, we signed the full URL. That is fixed, but the x-ms-content-sha256 still "
           "differs for events whose payload contains æ, ø or å. We hash the body after parsing it as JSON.",
           quote="gmail", client="gmail")
    i.desk(d("2026-03-16 08:55"), "Marius",
           "Hi Per,\n\nHash the raw bytes of the body exactly as they arrive, before any JSON parsing. "
           "Serialising the JSON again changes the bytes, for example how non-ASCII letters are escaped.")

    # 11. "-----Opprinnelig melding-----" (quoted-history); resolved ("løst").
    i = Issue(box, "VSD-40630", "Kunden får ikke push-varsel ved betaling (ePayment)", "no")
    i.request(KARI, [TEAM], d("2026-03-24 11:15"),
              "Hei,\n\nEnkelte kunder får ikke push-varsel i Vipps-appen når de betaler i nettbutikken vår. "
              "De blir stående på ventesiden til betalingen går ut på tid.\n\n"
              "POST /epayment/v1/payments med userFlow WEB_REDIRECT og customer.phoneNumber satt\n"
              "Svar: 201 Created, men state blir CREATED og deretter EXPIRED.\n\n"
              + details("no", "212345", "ePayment API", "produksjon", "ex-2026-032377", "23. mars 2026"),
              cte="quoted-printable")
    i.auto(d("2026-03-24 11:16"))
    i.desk(d("2026-03-25 09:05"), "Hanne",
           "Hei Kari,\n\nMed userFlow WEB_REDIRECT får kunden ikke push-varsel; hun sendes til Vipps via "
           "redirectUrl i svaret. Vil dere at kunden skal få push-varsel, bruk userFlow PUSH_MESSAGE sammen "
           "med telefonnummeret.")
    i.team(KARI, d("2026-03-26 08:47"),
           "Hei Hanne,\n\nTakk, vi brukte redirectUrl feil i mobilvisningen. Med PUSH_MESSAGE fungerer det.",
           prefix="SV: ", quote="opprinnelig", cte="quoted-printable")
    i.desk(d("2026-03-27 10:00"), "Hanne", "Takk for tilbakemeldingen. Saken er løst.")

    # 12. Base64 request; a reply whose Subject lost the key (key-missing); desk answered last.
    i = Issue(box, "VSD-40688", "Checkout session expires after 5 minutes", "en")
    i.request(OLA, [PER], d("2026-04-07 13:20"),
              "Hi,\n\nCheckout sessions expire before our customers reach the payment page.\n\n"
              "1. POST /checkout/v3/session when the cart page loads\n"
              "2. The customer fills in the address and clicks Pay some minutes later\n"
              "3. The Checkout frame shows \"Session expired\", GET /checkout/v3/session/ex-2026-040703 returns "
              "\"sessionState\": \"SessionExpired\"\n\n"
              + details("en", "212345", "Checkout API v3", "Production", "ex-2026-040703", "7 April 2026"),
              cte="base64")
    i.auto(d("2026-04-07 13:21"))
    i.desk(d("2026-04-08 10:10"), "Sofie",
           "Hi Ola,\n\nA Checkout session that the customer has not opened expires after five minutes. "
           "Create the session when the customer clicks Pay, not when the cart page loads.")
    i.team(PER, d("2026-04-09 08:30"),
           "Hi Sofie,\n\nWe now create the session when the customer clicks Pay. Can the five minutes be "
           "changed for customers who need longer to fill in the address?",
           subject="Re: Checkout session expires after 5 minutes")
    i.desk(d("2026-04-10 09:30"), "Sofie",
           "Hi Per,\n\nThe five minutes cannot be changed. The address is filled in inside the Checkout frame "
           "after the session is opened, and an opened session stays valid while the customer is active.")

    # 13. Auto-reply from noreply@ with Reply-To; a Subject naming two keys (multiple-issues).
    i = Issue(box, "VSD-40731", "Ordrestatus ukjent etter tidsavbrudd", "no")
    i.request(PER, [KARI], d("2026-04-20 09:50"),
              "Hei,\n\nNår kallet for å opprette betaling går ut på tid hos oss (10 sekunder), vet vi ikke om "
              "betalingen ble opprettet. Et nytt POST med samme reference gir 409 Conflict.\n\n"
              "POST /epayment/v1/payments, reference ex-2026-041988, svar: tidsavbrudd\n"
              "POST på nytt: HTTP 409 Conflict\n\n"
              + details("no", "212345", "ePayment API", "produksjon", "ex-2026-041988", "19. april 2026"))
    i.auto(d("2026-04-20 09:51"), noreply=True)
    i.desk(d("2026-04-22 14:30"), "Anders",
           "Hei Per,\n\nEtter et tidsavbrudd: hent status med GET /epayment/v1/payments/ex-2026-041988. "
           "Svarer den 404, ble betalingen ikke opprettet, og dere kan prøve igjen med samme Idempotency-Key.")
    i.team(PER, d("2026-04-23 10:05"),
           "Hei Anders,\n\nTakk. Gjelder det samme for capture? Vi ser 409 der også etter tidsavbrudd, "
           "se VSD-40341.", subject="SV: [VSD-40731] Ordrestatus ukjent etter tidsavbrudd / VSD-40341")

    # 14. Team answered the desk's question and has waited since May.
    i = Issue(box, "VSD-40790", "Recurring charges not captured on the due date", "en")
    i.request(INGRID, [OLA], d("2026-05-05 08:40"),
              "Hi,\n\nCharges with due date 4 May are still RESERVED this morning instead of CHARGED.\n\n"
              "GET /recurring/v3/agreements/agr_Q7pLm3Xz/charges/chr-8812 returns \"status\": \"RESERVED\"\n\n"
              + details("en", "212345", "Recurring API v3", "Production", "chr-8812 (agreement agr_Q7pLm3Xz)",
                        "4 May 2026"), html=True)
    i.auto(d("2026-05-05 08:41"))
    i.desk(d("2026-05-06 11:00"), "Marius",
           "Hi Ingrid,\n\nCan you send the chargeIds of all charges that were not captured, and the "
           "transactionType you used when creating them?")
    i.team(INGRID, d("2026-05-07 09:15"),
           "Hi Marius,\n\nAll 37 charges use transactionType RESERVE_CAPTURE. The first five are chr-8812, "
           "chr-8813, chr-8815, chr-8819 and chr-8820; the full list is in our dashboard export if you need it.",
           prefix="VS: ", html=True)

    # 15. A long request with a JSON log attached; resolved ("løst").
    i = Issue(box, "VSD-40846", "HTTP 500 ved refusjon i produksjon", "no")
    timeline = "\n".join(
        f"- {21 + k // 6}:{(k * 9) % 60:02d}  POST /epayment/v1/payments/ex-2026-0518{k:02d}/refund "
        f"({19.90 + 5 * k:.2f} kr): {'HTTP 500 Internal Server Error' if k % 3 == 0 else '200 OK'}"
        for k in range(24))
    i.request(OLA, [KARI, INGRID], d("2026-05-19 08:05"),
              "Hei,\n\nI går kveld feilet en tredjedel av refusjonene våre med HTTP 500. Vi har gått gjennom "
              "loggene, og her er alt vi vet.\n\nBakgrunn\n\nVi refunderer returer i en nattlig jobb som "
              "starter kl. 21:00. Jobben sender én refusjon per ordre, med ny Idempotency-Key for hver "
              "refusjon, og venter 30 sekunder mellom hvert kall. Jobben har gått uten feil i fire måneder.\n\n"
              "Hva skjer\n\n1. Jobben starter kl. 21:00 og sender 24 refusjoner\n2. Hver tredje refusjon svarer "
              "HTTP 500 etter omtrent 8 sekunder\n3. Et nytt forsøk med samme Idempotency-Key gir også 500\n"
              "4. GET /epayment/v1/payments/{reference} viser at beløpet ikke er refundert\n\n"
              "Alle ordrene som feiler, har det til felles at de ble belastet i to deler (delvis capture).\n\n"
              "Tidslinje for i går kveld:\n" + timeline + "\n\n"
              "Et eksempel på et kall som feilet:\n\nPOST https://api.vipps.no/epayment/v1/payments/"
              "ex-2026-051800/refund\nContent-Type: application/json\nMerchant-Serial-Number: 212345\n"
              "Ocp-Apim-Subscription-Key: ****9f3e\nIdempotency-Key: 3e0f5a8c-7b21-4c3d-9e0a-51b8d6f2c411\n\n"
              "{\"modificationAmount\": {\"currency\": \"NOK\", \"value\": 1990}}\n\n"
              "HTTP/1.1 500 Internal Server Error\n{\"title\": \"Internal Server Error\", \"status\": 500, "
              "\"traceId\": \"00-4be1c0d2a7f94b6e8e3a1f5c9d2b7a60-01\"}\n\n"
              "Hele loggen for kvelden ligger ved som refund-log.json (én linje per kall, med traceId).\n\n"
              "Det haster litt, siden kundene venter på pengene sine, men vi stopper jobben til vi vet mer.\n\n"
              + details("no", "212345", "ePayment API", "produksjon", "ex-2026-051800 til ex-2026-051823",
                        "18. mai 2026 kl. 21:00–21:15"),
              attach=(refund_log(), "application", "json", "refund-log.json"), cte="quoted-printable")
    i.auto(d("2026-05-19 08:06"))
    i.desk(d("2026-05-20 10:30"), "Hanne",
           "Hei Ola,\n\nTakk for en svært god beskrivelse og loggen, det gjorde feilsøkingen rask. Feilen "
           "gjaldt refusjon av betalinger med flere delvise capture, og den ble rettet hos oss i natt. "
           "Refusjonene kan sendes på nytt med de samme Idempotency-Key-ene. Hendelsesrapporten ligger "
           "ved. Saken er løst.", html=True,
           attach=(incident_pdf(), "application", "pdf", "hendelsesrapport-refusjon.pdf"))

    # 16. Apple Mail reply with <blockquote type="cite"> (quoted-history); resolved.
    i = Issue(box, "VSD-40902", "Login: userinfo endpoint returns 403 Forbidden", "en")
    i.request(OLA, [INGRID], d("2026-06-02 10:12"),
              "Hi,\n\nAfter a successful login, GET https://api.vipps.no/vipps-userinfo-api/userinfo returns "
              "403 Forbidden for every user.\n\nScope: openid name phoneNumber nin\nToken call: 200 OK\n"
              "Userinfo call: HTTP 403, body {\"error\": \"insufficient_scope\"}\n\n"
              + details("en", "212345", "Vipps Login API", "Production", "not applicable for Login "
                        "(sub 4d6e8f0a)", "2 June 2026"))
    i.auto(d("2026-06-02 10:13"))
    i.desk(d("2026-06-03 09:25"), "Sofie",
           "Hi Ola,\n\nThe scope nin (national identity number) needs an approval that your sales unit does "
           "not have. Remove nin from the scope, or apply for it in the portal.")
    i.team(INGRID, d("2026-06-04 08:50"),
           "Hi Sofie,\n\nWe removed nin from the scope, and userinfo returns 200 now. Thanks!",
           quote="cite", client="apple")
    i.desk(d("2026-06-05 09:00"), "Sofie", "Thanks for confirming. Resolved.")

    # 17. A Subject with two keys (multiple-issues); desk answered last.
    i = Issue(box, "VSD-40955", 'Webhook registration rejected: 400 "url must use https"', "en")
    i.request(KARI, [PER], d("2026-06-16 13:30"),
              "Hi,\n\nRegistering a webhook fails although the URL uses https.\n\n"
              "POST /webhooks/v1/webhooks\n{\"url\": \"https://hooks.example.com:8443/vipps\", "
              "\"events\": [\"epayments.payment.captured.v1\"]}\n\n"
              "Response: HTTP 400, {\"detail\": \"url must use https\"}\n\n"
              + details("en", "212345", "Webhooks API", "Test (MT)", "none (registration call)", "16 June 2026"))
    i.auto(d("2026-06-16 13:31"))
    i.desk(d("2026-06-17 11:45"), "Marius",
           "Hi Kari,\n\nThe message could be clearer: webhook URLs must use https on port 443. Port 8443 is "
           "rejected.")
    i.team(KARI, d("2026-06-18 08:35"),
           "Hi Marius,\n\nWith port 443 the registration works. Is the port also the reason the signatures "
           "failed in VSD-40577?",
           subject='RE: [VSD-40955][VSD-40577] Webhook registration rejected: 400 "url must use https"')
    i.desk(d("2026-06-19 10:20"), "Marius",
           "Hi Kari,\n\nNo, that is a separate matter: please reply in that issue so that it stays in one "
           "place. For this one, can you confirm that events now arrive on port 443?")

    # 18. A vague request (missing-info); desk asked for details.
    i = Issue(box, "VSD-41017", "Betalinger henger", "no")
    i.request(PER, [OLA], d("2026-07-01 15:20"),
              "Hei,\n\nBetalingene våre blir hengende, og kundene klager. Dette haster! Kan dere sjekke hva "
              "som skjer?")
    i.auto(d("2026-07-01 15:21"))
    i.desk(d("2026-07-02 09:30"), "Anders",
           "Hei Per,\n\nVi hjelper gjerne, men trenger mer for å finne betalingene i loggene: MSN, om det "
           "gjelder test eller produksjon, orderId (reference) for noen av betalingene, tidspunkt, og "
           "forespørselen og svaret dere får.")

    # 19. Team answered the desk's question; waiting on the desk.
    i = Issue(box, "VSD-41066", "Order Management: receipt not shown in the app", "en")
    i.request(INGRID, [KARI], d("2026-07-14 10:00"),
              "Hi,\n\nReceipts we send with the Order Management API are not shown to the user in the app.\n\n"
              "POST /order-management/v2/ecom/receipts/ex-2026-071402 returns 200 OK\n"
              "The payment shows no receipt in the app's payment history.\n\n"
              + details("en", "212345", "Order Management API", "Production", "ex-2026-071402",
                        "14 July 2026"), html=True, cte="quoted-printable")
    i.auto(d("2026-07-14 10:01"))
    i.desk(d("2026-07-15 13:10"), "Sofie",
           "Hi Ingrid,\n\nWhich paymentType do you send in the path: ecom or recurring? And was the receipt "
           "sent before or after the payment was captured?")
    i.team(INGRID, d("2026-07-16 09:05"),
           "Hi Sofie,\n\nWe use paymentType ecom, and the receipt is sent right after the capture returns "
           "200. The same happens for ex-2026-071406 and ex-2026-071411.", prefix="AW: ", html=True,
           cte="quoted-printable")

    # 20. A reply that leaves out a colleague (cc-dropped); waiting on the desk.
    i = Issue(box, "VSD-41120", "Feil beløp i capture etter delvis kansellering", "no")
    i.request(KARI, [OLA, PER], d("2026-08-04 10:40"),
              "Hei,\n\nEtter at vi har kansellert en del av en reservasjon, feiler capture av resten.\n\n"
              "1. Reserver 800,00 kr\n2. POST /epayment/v1/payments/ex-2026-080311/cancel med "
              "modificationAmount 200,00 kr\n3. POST .../capture med 600,00 kr gir HTTP 400 \"Amount too high\"\n\n"
              + details("no", "212345", "ePayment API", "produksjon", "ex-2026-080311", "3. august 2026"))
    i.auto(d("2026-08-04 10:41"))
    i.desk(d("2026-08-05 14:20"), "Hanne",
           "Hei Kari,\n\nePayment støtter ikke delvis kansellering: cancel avslutter hele reservasjonen. "
           "Sjekk state på betalingen med GET /epayment/v1/payments/ex-2026-080311. Hvordan sender dere "
           "beløpet på cancel-kallet?")
    i.team(PER, d("2026-08-06 09:55"),
           "Hei Hanne,\n\nVi sender modificationAmount på cancel fordi det sto i en eldre versjon av "
           "dokumentasjonen. GET viser state AUTHORIZED og aggregate.cancelledAmount 0. Er det da riktig at "
           "capture av 600,00 kr skal gå?", prefix="Sv: ", drop=(OLA,))

    # 21. Full Ocp-Apim-Subscription-Key pasted in a reply (secret-unredacted); desk answered last.
    i = Issue(box, "VSD-41178", "Test keys for new sales unit not visible in the portal", "en")
    i.request(OLA, [TEAM], d("2026-08-18 09:00"),
              "Hi,\n\nWe created a new sales unit (MSN 398712) for our second shop. In the portal, the API "
              "keys page for it is empty, and GET /accesstoken/get with the keys of our old test unit answers "
              "401.\n\n"
              + details("en", "398712", "ePayment API, access token", "Test (MT)", "none yet", "18 August 2026"))
    i.auto(d("2026-08-18 09:01"))
    i.desk(d("2026-08-19 10:15"), "Marius",
           "Hi Ola,\n\nTest keys for a new sales unit appear once the unit has been activated for the test "
           "environment. Can you send the exact request and response you get?")
    i.team(OLA, d("2026-08-20 08:40"),
           "Hi Marius,\n\nHere is the request:\n\nPOST https://apitest.vipps.no/accesstoken/get\n"
           "client_id: 9b8a7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d\nclient_secret: ****Qm4s\n"
           "Ocp-Apim-Subscription-Key: 7d2e91c04b3f4a8e9f1c62d8e5a7b3f0\nMerchant-Serial-Number: 398712\n\n"
           "Response: HTTP 401 {\"message\": \"Access denied due to invalid subscription key.\"}")
    i.desk(d("2026-08-21 09:50"), "Marius",
           "Hi Ola,\n\nYour message contains the full subscription key: please regenerate it in the portal. "
           "The unit 398712 is now activated for the test environment, and its keys are shown in the portal. "
           "Please try again with those.")

    # 22. A reply whose Subject lost the key (key-missing); waiting on the desk.
    i = Issue(box, "VSD-41234", "Recurring: variabelt beløp blir avvist med HTTP 400", "no")
    i.request(PER, [INGRID], d("2026-09-01 13:05"),
              "Hei,\n\nVi prøver å opprette en avtale med variabelt beløp (pricing.type VARIABLE), men får "
              "HTTP 400.\n\nPOST /recurring/v3/agreements\n{\"pricing\": {\"type\": \"VARIABLE\", "
              "\"currency\": \"NOK\", \"suggestedMaxAmount\": 300000}, \"interval\": {\"unit\": \"MONTH\", "
              "\"count\": 1}, \"productName\": \"Strøm\"}\n\nSvar: 400 Bad Request, \"suggestedMaxAmount must "
              "be less than or equal to 2000000\"\n\n"
              + details("no", "212345", "Recurring API v3", "test (MT)", "ex-rec-2026-090101", "1. september 2026"),
              cte="quoted-printable")
    i.auto(d("2026-09-01 13:06"), form="colon")
    i.desk(d("2026-09-02 10:00"), "Anders",
           "Hei Per,\n\nForespørselen ser riktig ut. Hvilket beløp sender dere når dere oppretter det første "
           "trekket, og får dere samme feil med suggestedMaxAmount 200000?")
    i.team(INGRID, d("2026-09-03 08:25"),
           "Hei Anders,\n\nMed suggestedMaxAmount 200000 går det gjennom. Det første trekket er på 1 249,00 kr. "
           "Grensen i feilmeldingen passer ikke med verdien vi sender; er den i kroner eller øre?",
           subject="SV: Recurring: variabelt beløp blir avvist med HTTP 400")

    # 23. Subject edited with the key kept (subject-changed); resolved.
    i = Issue(box, "VSD-41290", 'ePayment: 400 "Invalid phone number" for some customers', "en")
    i.request(KARI, [OLA], d("2026-09-15 09:30"),
              "Hi,\n\nFor some customers, creating a payment fails with 400 \"Invalid phone number\".\n\n"
              "POST /epayment/v1/payments with customer.phoneNumber from our checkout form\n"
              "Response: HTTP 400 Bad Request, detail \"Invalid phone number\"\n\n"
              + details("en", "212345", "ePayment API", "Production", "ex-2026-091477", "14 September 2026"))
    i.auto(d("2026-09-15 09:31"))
    i.desk(d("2026-09-16 08:40"), "Sofie",
           "Hi Kari,\n\nCan you send two or three of the phone numbers exactly as you sent them, with the "
           "middle digits masked?")
    i.team(OLA, d("2026-09-16 11:20"),
           "Hi Sofie,\n\nWe found the pattern: all failing numbers were entered with spaces, like "
           "\"+47 912 xx 567\". Numbers without spaces work.",
           subject="Re: [VSD-41290] ePayment: 400 for phone numbers with spaces")
    i.desk(d("2026-09-17 09:05"), "Sofie",
           "Hi Ola,\n\nThat is it: phoneNumber must be digits only, with the country code and no plus sign, "
           "for example 4791234567. Resolved.")

    # 24. Multipart/alternative, quoted-printable; desk answered last.
    i = Issue(box, "VSD-41347", "Webhooks blir sendt to ganger", "no")
    i.request(INGRID, [PER, TEAM], d("2026-09-29 14:10"),
              "Hei,\n\nVi får samme webhook-hendelse to ganger for mange betalinger, med noen sekunders "
              "mellomrom. Det fører til doble ordrebekreftelser til kundene våre.\n\n"
              "Hendelse: epayments.payment.captured.v1\nEndepunkt: POST https://hooks.example.com/vipps\n"
              "Vi svarer 200 OK på begge.\n\n"
              + details("no", "212345", "Webhooks API", "produksjon", "ex-2026-092803", "28. september 2026"),
              html=True, cte="quoted-printable")
    i.auto(d("2026-09-29 14:11"))
    i.desk(d("2026-09-30 10:25"), "Hanne",
           "Hei Ingrid,\n\nWebhooks leveres minst én gang. Svarer endepunktet etter mer enn ti sekunder, "
           "sender vi hendelsen på nytt, og loggene våre viser svartider på 11–14 sekunder hos dere. Svar med "
           "200 med en gang og behandle hendelsen etterpå, og bruk hendelsens id til å fjerne duplikater.",
           html=True)

    # 25. Resolved, then reopened by the team within 14 days.
    i = Issue(box, "VSD-41402", "Recurring: no webhook after agreement is stopped", "en")
    i.request(OLA, [KARI], d("2026-10-12 10:50"),
              "Hi,\n\nWhen a user stops an agreement in the app, we do not receive the "
              "recurring.agreement-stopped.v1 event.\n\nAgreement agr_Zt9WqP2m stopped 11 October 19:44\n"
              "GET /recurring/v3/agreements/agr_Zt9WqP2m returns \"status\": \"STOPPED\"\n"
              "No POST arrived at https://hooks.example.com/vipps\n\n"
              + details("en", "212345", "Recurring API v3, Webhooks", "Production", "agr_Zt9WqP2m",
                        "11 October 2026"))
    i.auto(d("2026-10-12 10:51"))
    i.desk(d("2026-10-14 09:40"), "Marius",
           "Hi Ola,\n\nAgreements stopped by the user in the app did not trigger the event; a fix was "
           "deployed this morning and we have sent the missing events again. We consider this resolved.")
    i.team(OLA, d("2026-10-22 08:15"),
           "Hi Marius,\n\nUnfortunately it happened again: agr_Hn4Rt8Kc was stopped in the app 21 October "
           "14:02, and no recurring.agreement-stopped.v1 event arrived. Our monitoring flagged it this "
           "morning.", prefix="Fwd: ")

    # 26. Key form "Case 123456"; desk answered last.
    i = Issue(box, "Case 123456", "Payment stuck in AUTHORIZED after capture timeout", "en")
    i.request(KARI, [PER], d("2026-10-20 15:00"),
              "Hi,\n\nA capture call timed out after 30 seconds on our side. The payment is still AUTHORIZED, "
              "and a new capture with the same Idempotency-Key also times out.\n\n"
              "POST /epayment/v1/payments/ex-2026-102044/capture, 1 299,00 kr\nResponse: none (timeout)\n\n"
              + details("en", "212345", "ePayment API", "Production", "ex-2026-102044", "20 October 2026, 14:31"))
    i.auto(d("2026-10-20 15:01"))
    i.desk(d("2026-10-21 11:15"), "Sofie",
           "Hi Kari,\n\nThe capture was received and is being processed; it was delayed by a slow response "
           "from the acquirer. It will be CAPTURED within the hour. Please do not send it again with a new "
           "Idempotency-Key, as that would capture twice.")

    # 27. Key form "Case 123519", base64 body; team answered, waiting on the desk.
    i = Issue(box, "Case 123519", "Ny utvikler får ikke tilgang til testnøkler", "no")
    i.request(PER, [OLA, INGRID], d("2026-11-03 09:20"),
              "Hei,\n\nVår nye utvikler Sindre Bakken ser ikke API-nøklene for testsalgsstedet i portalen. "
              "Han har rollen «Utvikler» på salgsstedet. Siden med nøkler viser «Ingen nøkler», og "
              "GET /api/merchants/212345/keys svarer HTTP 403.\n\n"
              + details("no", "212345", "ePayment API (testnøkler i portal.vipps.no)", "test (MT)", "ikke relevant",
                        "2. november 2026"), cte="base64")
    i.auto(d("2026-11-03 09:21"))
    i.desk(d("2026-11-04 13:00"), "Hanne",
           "Hei Per,\n\nHar Sindre logget inn med BankID minst én gang etter at rollen ble gitt? Nøklene vises "
           "først etter en ny innlogging.")
    i.team(PER, d("2026-11-05 08:55"),
           "Hei Hanne,\n\nJa, han har logget ut og inn igjen med BankID flere ganger, også i en annen "
           "nettleser. Siden viser fortsatt «Ingen nøkler».", prefix="SV: ", cte="base64")

    # 28. Only the auto-reply (from noreply@) has come.
    i = Issue(box, "VSD-41468", "QR code for merchant redirect returns 404 after update", "en")
    i.request(INGRID, [OLA], d("2026-11-10 11:30"),
              "Hi,\n\nAfter updating the redirectUrl of a merchant redirect QR code, scanning it gives "
              "\"This QR code is not valid\".\n\nPUT /qr/v1/merchant-redirect/shop-entrance-02 with a new "
              "redirectUrl: 204 No Content\nGET /qr/v1/merchant-redirect/shop-entrance-02: 404 Not Found\n\n"
              + details("en", "212345", "QR API", "Production", "QR id shop-entrance-02", "10 November 2026"))
    i.auto(d("2026-11-10 11:31"), noreply=True)

    # 29. Desk answered last.
    i = Issue(box, "VSD-41497", "Capture feiler med «Payment not in valid state»", "no")
    i.request(KARI, [PER, INGRID], d("2026-11-17 10:05"),
              "Hei,\n\nCapture av betalinger som ble autorisert for mer enn 7 dager siden feiler.\n\n"
              "POST /epayment/v1/payments/ex-2026-110902/capture\nSvar: HTTP 400, detail \"Payment not in "
              "valid state\"\n\n"
              + details("no", "212345", "ePayment API", "produksjon", "ex-2026-110902", "16. november 2026"),
              cte="quoted-printable")
    i.auto(d("2026-11-17 10:06"))
    i.desk(d("2026-11-18 09:35"), "Anders",
           "Hei Kari,\n\nReservasjoner varer i 7 dager for de fleste kort, deretter er betalingen EXPIRED og "
           "kan ikke belastes. Ved lengre leveringstid må dere belaste ved forsendelse eller opprette en ny "
           "betaling. Hvor lang er leveringstiden deres vanligvis?", html=True)

    # 30. Only the auto-reply has come.
    i = Issue(box, "VSD-41512", "Idempotency: second capture returns the first capture's response", "en")
    i.request(PER, [OLA], d("2026-11-20 14:45"),
              "Hi,\n\nA second partial capture with a new Idempotency-Key returns the response of the first "
              "capture, and the amount is not captured.\n\n"
              "1. POST .../ex-2026-112017/capture 500,00 kr, Idempotency-Key a1: 200 OK\n"
              "2. POST .../ex-2026-112017/capture 300,00 kr, Idempotency-Key b2: 200 OK, but the body shows "
              "capturedAmount 50000\n\n"
              + details("en", "212345", "ePayment API", "Test (MT)", "ex-2026-112017", "20 November 2026"))
    i.auto(d("2026-11-20 14:46"))

    # Two requests still waiting for their number.
    i = Issue(box, None, "Login: users are logged out after 60 seconds in the in-app browser", "en")
    i.request(OLA, [INGRID], d("2026-11-24 16:10"),
              "Hi,\n\nUsers who log in with Vipps Login from our app's in-app browser are logged out after "
              "about 60 seconds. In Safari they stay logged in.\n\n"
              "Token call: POST /access-management-1.0/access/oauth2/token, 200 OK, expires_in 3600\n\n"
              + details("en", "212345", "Vipps Login API", "Production", "not applicable (sub 7c3a9e21)",
                        "24 November 2026"))
    i = Issue(box, None, "Kassen viser gammel Vipps-logo på iOS", "no")
    i.request(KARI, [PER], d("2026-11-25 09:40"),
              "Hei,\n\nI kassen vår på iOS vises den gamle Vipps-logoen i stedet for Vipps MobilePay-logoen. "
              "Vi henter logoen fra GET https://developer.vippsmobilepay.com/img/vipps-logo.svg, som svarer "
              "200 OK med den gamle logoen.\n\n"
              + details("no", "212345", "ePayment, logo", "produksjon", "ikke relevant", "25. november 2026"),
              html=True, cte="quoted-printable")
    return box


# The known answers: status and distinct flags per issue, after import. The
# demo closes CLOSED_BY_DEMO locally after importing, so its status in the
# TUI is "closed"; the table gives its status before that.
CLOSED_BY_DEMO = "VSD-40455"
# The team's actions the demo adds (src/demo.rs), as list --json shows them.
TEAM_BY_DEMO = {
    "VSD-41497": dict(assignee="kari@example.com", notes=0, links=[]),
    "VSD-41234": dict(assignee=None, notes=2, links=[]),
    "VSD-40955": dict(assignee=None, notes=0, links=[dict(key="VSD-40577", kind="relates")]),
    "VSD-40577": dict(assignee=None, notes=0, links=[dict(key="VSD-40955", kind="relates")]),
}
EXPECT = {
    "VSD-40112": ("awaiting-desk", ["new-problem"], "resolved 4 Dec; a different question on the old thread 13 Jan"),
    "VSD-40157": ("resolved", ["quoted-history"], "Norwegian Outlook Fra:/Sendt:/Til:/Emne: block"),
    "VSD-40203": ("awaiting-desk", ["new-problem"], "closed by the desk 19 Dec; a new question 10 Feb; RE: … [key] form"),
    "VSD-40288": ("resolved", [], "HTML-only team messages; RFC 2047 subject"),
    "VSD-40341": ("awaiting-team", ["subject-changed"], "Subject edited, key kept"),
    "VSD-40376": ("resolved", [], "ISO-8859-1 request; resolved with \"lukket\""),
    "VSD-40402": ("resolved", ["secret-unredacted"], "full client_secret and Ocp-Apim-Subscription-Key in the request"),
    "VSD-40455": ("awaiting-team", ["missing-info"], "vague request; PNG attachment; closed locally by the demo"),
    "VSD-40519": ("resolved", ["cc-dropped"], "Kari's reply leaves out Ola"),
    "VSD-40577": ("awaiting-team", ["quoted-history"], "Gmail \"On … wrote:\" with > lines and a gmail_quote HTML part"),
    "VSD-40630": ("resolved", ["quoted-history"], "-----Opprinnelig melding-----"),
    "VSD-40688": ("awaiting-team", ["key-missing"], "base64 request; a reply whose Subject lost the key"),
    "VSD-40731": ("awaiting-desk", ["multiple-issues", "subject-changed"], "auto-reply from noreply@ with Reply-To; Subject names VSD-40341 too"),
    "VSD-40790": ("awaiting-desk", [], "waiting on the desk since 7 May"),
    "VSD-40846": ("resolved", [], "long request with a JSON log attached; the desk answers with a PDF"),
    "VSD-40902": ("resolved", ["quoted-history"], "Apple Mail reply with <blockquote type=\"cite\">"),
    "VSD-40955": ("awaiting-team", ["multiple-issues", "subject-changed"], "Subject names VSD-40577 too"),
    "VSD-41017": ("awaiting-team", ["missing-info"], "vague request; the desk asks for the checklist"),
    "VSD-41066": ("awaiting-desk", [], "multipart/alternative, quoted-printable"),
    "VSD-41120": ("awaiting-desk", ["cc-dropped"], "Per's reply leaves out Ola"),
    "VSD-41178": ("awaiting-team", ["secret-unredacted"], "full Ocp-Apim-Subscription-Key pasted in a reply"),
    "VSD-41234": ("awaiting-desk", ["key-missing"], "a reply whose Subject lost the key"),
    "VSD-41290": ("resolved", ["subject-changed"], "Subject edited, key kept"),
    "VSD-41347": ("awaiting-team", [], "multipart/alternative"),
    "VSD-41402": ("awaiting-desk", [], "resolved 14 Oct, reopened by the team 22 Oct (within 14 days)"),
    "Case 123456": ("awaiting-team", [], "the desk's Case key form"),
    "Case 123519": ("awaiting-desk", [], "the desk's Case key form; base64 bodies"),
    "VSD-41468": ("awaiting-desk", [], "only the auto-reply (from noreply@) has come"),
    "VSD-41497": ("awaiting-team", [], "RFC 2047 subject with « »"),
    "VSD-41512": ("awaiting-desk", [], "only the auto-reply has come"),
}


def write_expectations(box, readme_path, json_path):
    import json
    rows = []
    for issue in box.issues:
        if issue.key is None:
            rows.append(dict(key=None, title=issue.subject, lang=issue.lang, status="unfiled", flags=[],
                             messages=issue.count, note="a new request still waiting for its number"))
            continue
        status, flags, note = EXPECT[issue.key]
        rows.append(dict(key=issue.key, title=issue.subject, lang=issue.lang, status=status,
                         flags=sorted(flags), messages=issue.count, note=note))
    missing = set(EXPECT) - {r["key"] for r in rows}
    if missing:
        raise SystemExit(f"cannot write expectations: no issue for {sorted(missing)}")
    with open(json_path, "w", encoding="utf-8") as f:
        json.dump(dict(closed_by_demo=CLOSED_BY_DEMO, team_by_demo=TEAM_BY_DEMO,
                       messages=len(box.messages), issues=rows), f,
                  ensure_ascii=False, indent=1)
        f.write("\n")
    table = ["| key | title | lang | status | flags | messages | notes |",
             "|---|---|---|---|---|---|---|"]
    for r in rows:
        title = r["title"].replace("|", "\\|")
        table.append(f"| {r['key'] or '(unfiled)'} | {title} | {r['lang']} | {r['status']} | "
                     f"{', '.join(r['flags']) or '-'} | {r['messages']} | {r['note']} |")
    with open(readme_path, encoding="utf-8") as f:
        text = f.read()
    start, end = "<!-- issues:start -->", "<!-- issues:end -->"
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    with open(readme_path, "w", encoding="utf-8") as f:
        f.write(head + start + "\n" + "\n".join(table) + "\n" + end + tail)


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "assets", "demo", "demo.mbox")
    box = build()
    box.write(out)
    if len(sys.argv) <= 1:
        demo = os.path.join(root, "assets", "demo")
        write_expectations(box, os.path.join(demo, "README.md"), os.path.join(demo, "expected.json"))
    print(f"{len(box.messages)} messages, {os.path.getsize(out)} bytes -> {out}")


if __name__ == "__main__":
    main()

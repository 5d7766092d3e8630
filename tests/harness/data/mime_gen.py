#!/usr/bin/python3
"""Build test messages with Python's own `email` package, a MIME producer
independent of vigie, so the decoder is tested against what another
implementation really writes. Usage: mime_gen.py OUTDIR"""
import sys
from email.message import EmailMessage
from email.header import Header
from email import policy
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.mime.message import MIMEMessage

out = sys.argv[1]


def write(name, msg):
    # SMTP policy: CRLF line ends, as on the wire.
    with open(f"{out}/{name}", "wb") as f:
        f.write(msg.as_bytes(policy=policy.SMTP))


# 1. UTF-8 text in base64.
m = EmailMessage()
m["From"] = "Clinique <portail@clinique.test>"
m["To"] = "Marie Gagnon <marie@example.test>"
m["Subject"] = "Votre dossier"
m["Message-ID"] = "<b64-1@clinique.test>"
m.set_content("Bonjour,\nNuméro d'assurance maladie : TREM 5405 1511\nÀ bientôt\n",
              charset="utf-8", cte="base64")
write("b64_utf8.eml", m)

# 2. ISO-8859-1 text in quoted-printable.
m = EmailMessage()
m["From"] = "portail@clinique.test"
m["To"] = "marie@example.test"
m["Subject"] = "Rendez-vous"
m["Message-ID"] = "<qp-1@clinique.test>"
m.set_content("Élève née le 30 décembre 1985, à Québec.\nCaractères spéciaux : ç ë ô\n",
              charset="iso-8859-1", cte="quoted-printable")
write("qp_latin1.eml", m)

# 3. RFC 2047 encoded words: a long UTF-8 subject (folded over several
#    encoded words) and an ISO-8859-1 display name.
m = MIMEText("corps\n", "plain", "us-ascii")
m["From"] = Header("Clinique Sainte-Thérèse", "iso-8859-1").encode() + " <portail@clinique.test>"
m["To"] = "marie@example.test"
m["Subject"] = Header("Confirmez votre numéro d'assurance sociale : 565 632 122 "
                      "avant vendredi — équipe de la clinique", "utf-8").encode()
m["Message-ID"] = "<hdr-1@clinique.test>"
write("rfc2047.eml", m)

# 4. Nesting: mixed( alternative( plain qp, html base64 ), csv latin-1
#    attachment in base64, attached message with its own subject ).
outer = MIMEMultipart("mixed")
outer["From"] = "portail@clinique.test"
outer["To"] = "info@clinique.test"
outer["Subject"] = "Dossier complet"
outer["Message-ID"] = "<nested-1@clinique.test>"
alt = MIMEMultipart("alternative")
alt.attach(MIMEText("Nom d'utilisateur : mgagnon\nMot de passe temporaire : Xk9!pQ2m\n",
                    "plain", "utf-8"))
html = MIMEText("<html><body><p>Votre <b>NAS</b>&nbsp;: 130&#32;692 544</p>"
                "<p>Num&eacute;ro</p></body></html>", "html", "utf-8")
alt.attach(html)
outer.attach(alt)
csv = MIMEText("nom;ddn\nGagnon;1985-12-30\nLévesque;1954-05-15\n", "csv", "iso-8859-1")
csv.add_header("Content-Disposition", "attachment", filename="patients.csv")
outer.attach(csv)
inner = EmailMessage()
inner["From"] = "a@clinique.test"
inner["To"] = "b@clinique.test"
inner["Subject"] = "Transféré : NAM GAGM 8562 3016"
inner.set_content("Message transféré.\n")
outer.attach(MIMEMessage(inner))
write("nested.eml", outer)

# 5. Windows-1252 (curly apostrophe, euro sign) in quoted-printable.
m = EmailMessage()
m["From"] = "portail@clinique.test"
m["To"] = "marie@example.test"
m["Message-ID"] = "<cp1252-1@clinique.test>"
m.set_content("L\u2019équipe vous doit 5 \u20ac.\n", charset="windows-1252",
              cte="quoted-printable")
write("cp1252.eml", m)

"""Reading raw mail (channels.email.reading): the person's words, whatever
the mail program, the charset or the quoting; automatic mail recognised."""
from __future__ import annotations

from channels.email.reading import clean_reply, html_to_text, read_mail, sid_for

HEAD = ("From: Paul Martin <Paul.Martin@Example.FR>\r\nTo: contact@cavapatron.example.org\r\n"
        "Subject: Besoin d'aide\r\nDate: Tue, 24 Nov 2026 10:00:00 +0100\r\n"
        "Message-ID: <abc123@example.fr>\r\n")


def mail(extra: str = "", body: str = "Bonjour, rappelez-moi demain 14h au 06 12 34 56 78",
         head: str = HEAD, content: str = "text/plain; charset=utf-8") -> bytes:
    return (f"{head}{extra}MIME-Version: 1.0\r\nContent-Type: {content}\r\n"
            f"Content-Transfer-Encoding: 8bit\r\n\r\n{body}\r\n").encode()


def test_it_reads_the_sender_subject_ids_and_body():
    read = read_mail(mail())
    assert read.sender == "paul.martin@example.fr"
    assert read.name == "Paul Martin"
    assert read.mail_id == "<abc123@example.fr>"
    assert read.subject == "Besoin d'aide"
    assert read.body == "Bonjour, rappelez-moi demain 14h au 06 12 34 56 78"
    assert read.automatic is None
    assert read.sid == sid_for(b"", "<abc123@example.fr>") and len(read.sid) <= 64


def test_it_threads_by_in_reply_to_and_references():
    read = read_mail(mail("In-Reply-To: <rappel-7.1@cavapatron.example.org>\r\n"
                          "References: <a@x> <rappel-7.1@cavapatron.example.org>\r\n"))
    assert read.references == ("<a@x>", "<rappel-7.1@cavapatron.example.org>")


def test_it_reads_latin1_and_lying_charsets_without_crashing():
    body = "Je suis gérant d'un café, rappelez-moi à 14h".encode("latin-1")
    raw = (HEAD + "Content-Type: text/plain; charset=iso-8859-1\r\n\r\n").encode() + body
    assert "gérant d'un café" in read_mail(raw).body
    broken = (HEAD + "Content-Type: text/plain; charset=x-unknown\r\n\r\n").encode() + body
    assert "rappelez-moi" in read_mail(broken).body


def test_it_makes_html_text_without_style_script_or_quotes():
    html = ("<html><head><style>p{color:red}</style><script>x()</script></head><body>"
            "<p>Bonjour,</p><p>Rappelez-moi <b>demain</b> 14h<br>au 06 12 34 56 78</p>"
            "<blockquote>Le message d'avant</blockquote></body></html>")
    assert html_to_text(html) == "Bonjour,\n\nRappelez-moi demain 14h\nau 06 12 34 56 78"
    read = read_mail(mail(body=html, content="text/html; charset=utf-8"))
    assert "demain 14h" in read.body and "color" not in read.body


def test_it_drops_quoted_replies_and_signatures():
    assert clean_reply("06 12 34 56 78, demain 14h\n\nLe mar. 24 nov. 2026 à 10:15, Ça va "
                       "patron ? <contact@x.org> a écrit :\n> Bonjour,\n> demande n° 12") \
        == "06 12 34 56 78, demain 14h"
    assert clean_reply("OK merci\nOn Tue, Nov 24, 2026 at 10:15 AM Hotline <a@b.c>\nwrote:\n"
                       "> hello") == "OK merci"
    assert clean_reply("Demain 9h\n\n-----Original Message-----\nFrom: x") == "Demain 9h"
    assert clean_reply("Demain 9h\n________________________________\nDe : Ça va patron ?\n"
                       "Envoyé : mardi 24 novembre 2026 10:15\nÀ : Paul\nObjet : Votre demande"
                       ) == "Demain 9h"
    assert clean_reply("Rappelez-moi\n-- \nPaul Martin\nGérant") == "Rappelez-moi"
    assert clean_reply("Rappelez-moi\n\nEnvoyé de mon iPhone") == "Rappelez-moi"
    # "De :" inside a sentence is not a header block.
    assert clean_reply("De : rien, je veux juste un rappel") == "De : rien, je veux juste un rappel"


def test_it_recognises_automatic_mail():
    assert read_mail(mail("Auto-Submitted: auto-replied\r\n")).automatic
    assert read_mail(mail("Auto-Submitted: no\r\n")).automatic is None
    assert read_mail(mail("Precedence: bulk\r\n")).automatic
    assert read_mail(mail("List-Unsubscribe: <mailto:u@x>\r\n")).automatic
    assert read_mail(mail("Return-Path: <>\r\n")).automatic
    assert read_mail(mail("X-Autoreply: yes\r\n")).automatic
    daemon = HEAD.replace("Paul Martin <Paul.Martin@Example.FR>", "MAILER-DAEMON@mx.example.fr")
    assert read_mail(mail(head=daemon)).automatic
    assert read_mail(mail(), ours=("paul.martin@example.fr",)).automatic


def test_a_bounce_names_our_message_and_recipient():
    raw = (HEAD.replace("Paul Martin <Paul.Martin@Example.FR>", "Mail Delivery System "
                        "<MAILER-DAEMON@mx.example.org>")
           + "MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status;"
           " boundary=B\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\nDelivery failed\r\n"
           "--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx\r\n\r\n"
           "Final-Recipient: rfc822; nobody@example.fr\r\nAction: failed\r\nStatus: 5.1.1\r\n"
           "\r\n--B\r\nContent-Type: text/rfc822-headers\r\n\r\n"
           "Message-ID: <rappel-9.1@cavapatron.example.org>\r\nTo: nobody@example.fr\r\n"
           "\r\n--B--\r\n").encode()
    read = read_mail(raw)
    assert read.automatic == "delivery report"
    assert "<rappel-9.1@cavapatron.example.org>" in read.bounced
    assert "nobody@example.fr" in read.bounced


def test_a_mail_without_message_id_gets_a_stable_key_from_its_bytes():
    raw = mail(head=HEAD.replace("Message-ID: <abc123@example.fr>\r\n", ""))
    assert read_mail(raw).sid == read_mail(raw).sid != read_mail(mail(body="autre")).sid
    assert read_mail(raw).mail_id is None


def test_garbage_is_read_without_raising():
    read = read_mail(b"\xff\xfe garbage \x00 no headers at all")
    assert read.sender == "" and isinstance(read.body, str)

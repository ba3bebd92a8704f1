"""The framework's floor for benchmarks/webhook.py: Flask answering a fixed TwiML
message on POST /twilio/sms, with no signature check, database or parsing.

    gunicorn -w 2 -b 127.0.0.1:PORT 'benchmarks.bare_app:app'
"""
from __future__ import annotations

from flask import Flask, Response

REPLY = ('<?xml version="1.0" encoding="UTF-8"?><Response><Message>Merci, votre demande '
         'n°123 est bien reçue : un bénévole vous rappelle sous 24 h.</Message></Response>')

app = Flask(__name__)


@app.post("/twilio/sms")
def sms() -> Response:
    return Response(REPLY, mimetype="text/xml")

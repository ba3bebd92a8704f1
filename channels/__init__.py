"""Routes: how messages come in and go out, behind one neutral vocabulary.

`channels.base` holds the words the rest of Rappel speaks (a person reached
at an address on a channel; a message queued, sent, delivered or failed,
permanently or not, opted out or not). Each provider is one small package
(`channels.console`, `channels.twilio`, `channels.smsgate`, `channels.ovh`)
holding its settings, its sending, its inbound webhook or poller with its
own signature check, its mapping of statuses and error codes, its opt-out
behaviour and its reconciliation. `channels.registry` names them: choosing
one is `SMS_BACKEND=<name>`. Beside whichever SMS route is chosen, the e-mail
route (`channels.email`: the mailbox read over IMAP by the clock, answers
sent over SMTP) is on when IMAP_URL and SMTP_URL are set; the sender hands
each message to the route that carries its channel (channels.base.Routes).
"""

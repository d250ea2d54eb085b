"""Telephony: the port and the Twilio adapter on the real twilio library (the local simulator,
which the same library is pointed at in development, is console.simulator)."""

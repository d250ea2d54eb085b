"""Telephony: the only package that imports twilio: the port, the Twilio adapter, the simulator."""

"""Unbound extensions, bound to the app in create_app."""

from flask import request
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_socketio import SocketIO
from flask_wtf import CSRFProtect

socketio = SocketIO()
login_manager = LoginManager()
csrf = CSRFProtect()
# Limits are set per view; the client address is whatever ProxyFix (when configured) made it.
limiter = Limiter(key_func=lambda: request.remote_addr or "unknown")

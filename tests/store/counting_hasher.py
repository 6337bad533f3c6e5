"""A stand-in for dashboard.maintain.auth._hasher that counts how many passwords reached argon2 (thread-safe)."""
import threading


class CountingHasher:
    def __init__(self, real):
        self.real, self.calls, self._lock = real, 0, threading.Lock()

    def __getattr__(self, name):
        return getattr(self.real, name)

    def verify(self, hashed, password):
        with self._lock:
            self.calls += 1
        return self.real.verify(hashed, password)

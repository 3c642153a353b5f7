"""Login throttling over the LoginFailure table (settings.LOGIN_THROTTLE).

Every way to log in goes through it: the authentication backend
(sps.accounts.backends.ThrottledModelBackend) checks it before the password and records each
failure, so /compte/connexion/, /admin/login/ and any other `authenticate()` share one count.

Per (e-mail address, IP address) pair: after SLOWDOWN_AFTER failures within WINDOW_SECONDS,
each new attempt must wait 2^(n - SLOWDOWN_AFTER) seconds (capped) after the last failure;
after LOCK_AFTER failures the pair is locked for LOCK_SECONDS. The lock is per pair, not per
address: someone who only knows an address cannot keep its owner out from the owner's own
network (docs/security.md). Per IP address only the slow-down applies, with a higher threshold
(a whole rectorat or school may share one address); per e-mail address across all IPs too, with
a higher threshold still, against guessing spread over many machines. A completed password
reset (the mailbox is the second factor) lifts every lock on the address.

An attempt that comes too early is refused before the password is checked, and is not
recorded itself (so a lock cannot be extended forever by an attacker). Nothing sleeps in the
request: the refusal tells how long to wait.
"""

import math
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from sps.accounts.models import LoginFailure, PasswordResetRequest

MAX_DELAY_SECONDS = 5 * 60


def _config() -> dict:
    config = {
        "WINDOW_SECONDS": 15 * 60,
        "SLOWDOWN_AFTER": 3,
        "LOCK_AFTER": 10,
        "LOCK_SECONDS": 15 * 60,
        "MAX_DELAY_SECONDS": MAX_DELAY_SECONDS,
    }
    config.update(getattr(settings, "LOGIN_THROTTLE", {}))
    config.setdefault("IP_SLOWDOWN_AFTER", config["SLOWDOWN_AFTER"] * 5)
    config.setdefault("ADDRESS_SLOWDOWN_AFTER", config["LOCK_AFTER"] * 3)
    return config


def client_ip(request) -> str | None:
    """The visitor's address, for the per-IP throttle.

    Behind TRUSTED_PROXY_COUNT reverse proxies, the address is the one the outermost trusted
    proxy appended to X-Forwarded-For (entries further left can be forged by the client);
    without proxies, REMOTE_ADDR.
    """
    if request is None:
        return None
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()[:254]


@dataclass(frozen=True)
class Refusal:
    """Why an attempt is refused now, and for how many more seconds."""

    locked: bool
    wait_seconds: int

    @property
    def message(self) -> str:
        if self.locked:
            minutes = max(1, math.ceil(self.wait_seconds / 60))
            unit = "minute" if minutes == 1 else "minutes"
            return (
                "Compte temporairement verrouillé après trop de tentatives de connexion infructueuses : "
                f"réessayez dans {minutes} {unit}, ou réinitialisez votre mot de passe."
            )
        unit = "seconde" if self.wait_seconds == 1 else "secondes"
        return f"Trop de tentatives : veuillez patienter {self.wait_seconds} {unit} avant de réessayer."


def _slowdown_wait(times: list, *, threshold: int, now, config) -> int:
    """Seconds still to wait given the failure times (oldest first) of one key within the window."""
    count = len(times)
    if count < threshold:
        return 0
    delay = min(2 ** (count - threshold), config["MAX_DELAY_SECONDS"])
    remaining = (times[-1] + timedelta(seconds=delay) - now).total_seconds()
    return math.ceil(remaining) if remaining > 0 else 0


def _lock_wait(times: list, *, now, config) -> int:
    """Seconds left on a lock: the last failure reached LOCK_AFTER failures within a window."""
    if not times:
        return 0
    last = times[-1]
    in_window = [t for t in times if t > last - timedelta(seconds=config["WINDOW_SECONDS"])]
    if len(in_window) < config["LOCK_AFTER"]:
        return 0
    remaining = (last + timedelta(seconds=config["LOCK_SECONDS"]) - now).total_seconds()
    return math.ceil(remaining) if remaining > 0 else 0


def _times(queryset) -> list:
    return list(queryset.order_by("at").values_list("at", flat=True))


def check(*, email: str, ip_address: str | None) -> Refusal | None:
    """The refusal that applies to a log-in attempt now, or None when it may go on."""
    config = _config()
    now = timezone.now()
    email = normalize_email(email)
    ip_address = ip_address or None
    window_start = now - timedelta(seconds=config["WINDOW_SECONDS"])
    if email:
        since = now - timedelta(seconds=config["WINDOW_SECONDS"] + config["LOCK_SECONDS"])
        pair = _times(LoginFailure.objects.filter(email=email, ip_address=ip_address, at__gt=since))
        if wait := _lock_wait(pair, now=now, config=config):
            return Refusal(locked=True, wait_seconds=wait)
        recent = [t for t in pair if t > window_start]
        if wait := _slowdown_wait(recent, threshold=config["SLOWDOWN_AFTER"], now=now, config=config):
            return Refusal(locked=False, wait_seconds=wait)
        address = _times(LoginFailure.objects.filter(email=email, at__gt=window_start))
        if wait := _slowdown_wait(address, threshold=config["ADDRESS_SLOWDOWN_AFTER"], now=now, config=config):
            return Refusal(locked=False, wait_seconds=wait)
    if ip_address:
        times = _times(LoginFailure.objects.filter(ip_address=ip_address, at__gt=window_start))
        if wait := _slowdown_wait(times, threshold=config["IP_SLOWDOWN_AFTER"], now=now, config=config):
            return Refusal(locked=False, wait_seconds=wait)
    return None


def record_failure(*, email: str, ip_address: str | None) -> None:
    """Remember a failed attempt, and prune the rows no rule looks at any more."""
    config = _config()
    now = timezone.now()
    LoginFailure.objects.create(email=normalize_email(email), ip_address=ip_address or None, at=now)
    keep = timedelta(seconds=config["WINDOW_SECONDS"] + config["LOCK_SECONDS"])
    LoginFailure.objects.filter(at__lt=now - keep).delete()


def clear(*, email: str, ip_address: str | None) -> None:
    """A successful log-in forgets the failures of its (address, IP) pair."""
    LoginFailure.objects.filter(email=normalize_email(email), ip_address=ip_address or None).delete()


def clear_address(*, email: str) -> None:
    """A completed password reset proves the mailbox: every lock on the address is lifted."""
    LoginFailure.objects.filter(email=normalize_email(email)).delete()


def failures_count(*, email: str) -> int:
    return LoginFailure.objects.filter(email=normalize_email(email)).count()


# --- Password-reset requests (settings.PASSWORD_RESET_THROTTLE) -------------------------------


def _reset_config() -> dict:
    config = {"WINDOW_SECONDS": 60 * 60, "PER_ADDRESS": 3, "PER_IP": 10}
    config.update(getattr(settings, "PASSWORD_RESET_THROTTLE", {}))
    return config


def reset_refusal(*, email: str, ip_address: str | None) -> str | None:
    """The French message refusing one more reset request now, or None.

    At most PER_ADDRESS requests per address and PER_IP per IP within the window, whether or not
    an account has the address (the answer is the same for both).
    """
    config = _reset_config()
    now = timezone.now()
    window_start = now - timedelta(seconds=config["WINDOW_SECONDS"])
    recent = PasswordResetRequest.objects.filter(at__gt=window_start)
    keys = [(recent.filter(email=normalize_email(email)), config["PER_ADDRESS"])]
    if ip_address:
        keys.append((recent.filter(ip_address=ip_address), config["PER_IP"]))
    waits = []
    for queryset, limit in keys:
        times = _times(queryset)
        if len(times) >= limit:
            waits.append((times[-limit] + timedelta(seconds=config["WINDOW_SECONDS"]) - now).total_seconds())
    if not waits:
        return None
    minutes = max(1, math.ceil(max(waits) / 60))
    unit = "minute" if minutes == 1 else "minutes"
    return (
        "Trop de demandes de nouveau mot de passe pour cette adresse ou depuis ce réseau : "
        f"réessayez dans {minutes} {unit}. Si un message vous a déjà été envoyé, consultez votre boîte aux lettres."
    )


def reset_record(*, email: str, ip_address: str | None) -> None:
    """Remember an accepted reset request, and prune the rows no rule looks at any more."""
    config = _reset_config()
    now = timezone.now()
    PasswordResetRequest.objects.create(email=normalize_email(email), ip_address=ip_address or None, at=now)
    PasswordResetRequest.objects.filter(at__lt=now - timedelta(seconds=config["WINDOW_SECONDS"])).delete()

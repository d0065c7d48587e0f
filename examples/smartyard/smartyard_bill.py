"""
smartyard_bill.py for the SmartYard (AXIOSTV) app server, answered by billsync.

Drop-in for the module the server imports (`from smartyard_bill import uidFrom, ...`): instead of
SQL against the billing database, each function asks billsync's smartyard_billing bridge, which
answers from its last complete read of the billing (Hydra, LANBilling, UserSide, ...).
Python standard library only.

Settings (environment, or a .env file beside this one, as the app server's own .env):
  BILLSYNC_URL      the billsync daemon, e.g. http://127.0.0.1:8089
  BILLSYNC_TOKEN    the bridge token (bridges.smartyard_billing.token, bridges.token or daemon.token)
  BILLSYNC_TIMEOUT  seconds per question (default 3)

If billsync cannot be asked (down, wrong token, no read yet), the functions answer as for an
unknown phone or contract ([] / not connected) and log why to stderr: the app keeps running.
Functions the billing must still answer itself (payments, invoices, ...) are not here; keep them
from your current module.
"""
import json
import os
import sys
import urllib.error
import urllib.request

_PREFIX = '/bridges/smartyard-billing/'


def _load_env_file():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), '.env')
    if not os.path.exists(path):
        return
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith('#') or '=' not in line:
                continue
            key, value = line.split('=', 1)
            os.environ.setdefault(key.strip(), value.strip().strip('"').strip("'"))


_load_env_file()


def _ask(question, **params):
    """POSTs one question; returns the JSON answer, or None (logged) when billsync cannot answer."""
    url = os.environ.get('BILLSYNC_URL', 'http://127.0.0.1:8089').rstrip('/') + _PREFIX + question
    body = json.dumps(params).encode('utf-8')
    req = urllib.request.Request(url, data=body, method='POST', headers={
        'Content-Type': 'application/json',
        'Authorization': 'Bearer ' + os.environ.get('BILLSYNC_TOKEN', ''),
    })
    try:
        with urllib.request.urlopen(req, timeout=float(os.environ.get('BILLSYNC_TIMEOUT', '3'))) as res:
            return json.loads(res.read().decode('utf-8'))
    except urllib.error.HTTPError as e:
        try:
            detail = json.loads(e.read().decode('utf-8')).get('error', '')
        except Exception:
            detail = ''
        print('smartyard_bill: billsync %s: HTTP %s %s' % (question, e.code, detail), file=sys.stderr)
    except Exception as e:
        print('smartyard_bill: billsync %s: %s' % (question, e), file=sys.stderr)
    return None


def uidFrom(phone):
    """Contract uids (ints) holding this phone (891009999999 style, int or str); [] if none."""
    answer = _ask('uid_from', phone=str(phone))
    return list(answer['uids']) if answer else []


def uidList(phone):
    return uidFrom(phone)


def camsActiv(uid):
    """{'cams_open': bool, 'cams_paid': bool} of a contract."""
    answer = _ask('cams_activ', uid=str(uid))
    if not answer:
        return {'cams_open': False, 'cams_paid': False}
    return {'cams_open': bool(answer['cams_open']), 'cams_paid': bool(answer['cams_paid'])}


def isActiv(uid, deviceIds):
    """{deviceId: 0 not connected | 1 connected, unpaid | 2 paid} for the contract's devices."""
    ids = [str(d) for d in deviceIds]
    answer = _ask('is_activ', uid=str(uid), device_ids=ids)
    if not answer:
        return {d: 0 for d in deviceIds}
    states = answer['devices']
    return {d: int(states.get(str(d), 0)) for d in deviceIds}


def billingList(userphone):
    """The «Договоры» rows of the phone's contracts (login, address, prices, dates, balance, ...)."""
    answer = _ask('billing_list', phone=str(userphone))
    return list(answer['rows']) if answer else []


def addressList(userphone):
    """[{'uid', 'login', 'address', 'cams_open', 'cams_paid'}] of the phone's contracts."""
    answer = _ask('address_list', phone=str(userphone))
    return list(answer['rows']) if answer else []


def userPhones(uid):
    """Phones (8XXXXXXXXXX) that sign in to a contract."""
    answer = _ask('user_phones', uid=str(uid))
    return list(answer['phones']) if answer else []

#!/usr/bin/env bash
# Removes the Watcher service installed by install-linux.sh: stops and disables it, removes the
# unit, its drop-in folder, the program folder and the /usr/local/bin/watcher link. Keeps the data
# folder, the configuration and the service account unless --purge.
#   sudo install/uninstall-linux.sh [--purge] [--dry-run]
set -euo pipefail

me="uninstall-linux.sh"
usage() {
  cat <<'EOF'
Usage: sudo install/uninstall-linux.sh [options]

  --purge             also delete the data folder (catalog, logs, and the inbox, output and models
                      folders when they are inside it), the configuration folder and the service
                      account; inbox/output folders elsewhere are kept
  --config-dir DIR    where install-linux.sh put appsettings.json and install.env (default /etc/watcher)
  --prefix DIR, --data DIR, --user NAME, --unit-dir DIR
                      override what CONFIG-DIR/install.env recorded (defaults: /opt/watcher,
                      /var/lib/watcher, watcher, /etc/systemd/system)
  --dry-run           print the actions instead of doing them
  -h, --help          this text
EOF
}
die() { echo "$me: error: $*" >&2; exit 1; }
warn() { echo "$me: warning: $*" >&2; }
step() { echo "==> $*"; }

config_dir=/etc/watcher
purge=0
dry_run=0
o_prefix="" o_data="" o_user="" o_unit_dir=""
need_value() { if [ "$#" -lt 2 ] || [ -z "$2" ]; then die "$1 needs a value (see --help)"; fi; }
while [ "$#" -gt 0 ]; do
  opt="$1"
  case "$opt" in
    --*=*) set -- "${opt%%=*}" "${opt#*=}" "${@:2}"; continue ;;
  esac
  case "$opt" in
    --purge)      purge=1; shift ;;
    --dry-run)    dry_run=1; shift ;;
    --config-dir) need_value "$@"; config_dir="$2"; shift 2 ;;
    --prefix)     need_value "$@"; o_prefix="$2"; shift 2 ;;
    --data)       need_value "$@"; o_data="$2"; shift 2 ;;
    --user)       need_value "$@"; o_user="$2"; shift 2 ;;
    --unit-dir)   need_value "$@"; o_unit_dir="$2"; shift 2 ;;
    -h|--help)    usage; exit 0 ;;
    *)            die "unknown option '$opt' (see --help)" ;;
  esac
done

if [ "$dry_run" -eq 0 ] && [ "$(id -u)" -ne 0 ]; then
  die "must be run as root (try: sudo $0 ...), or pass --dry-run to see what it would do"
fi

# What install-linux.sh recorded, then the command line on top.
PREFIX=/opt/watcher DATA=/var/lib/watcher SERVICE_USER=watcher UNIT_DIR=/etc/systemd/system
OUTPUT="" MODELS="" INBOXES=()
if [ -f "$config_dir/install.env" ]; then
  # shellcheck source=/dev/null
  . "$config_dir/install.env"
else
  warn "no $config_dir/install.env: using the defaults and the command line"
fi
prefix="${o_prefix:-$PREFIX}" data="${o_data:-$DATA}" user="${o_user:-$SERVICE_USER}" unit_dir="${o_unit_dir:-$UNIT_DIR}"

q() { local out="" a; for a in "$@"; do out+="$(printf '%q' "$a") "; done; printf '%s' "${out% }"; }
run() { echo "+ $(q "$@")"; [ "$dry_run" -eq 1 ] || "$@"; }
# Only folders at least two levels deep (like /opt/watcher) are ever deleted.
check_deletable() {
  case "$1" in /*/*) ;; *) die "refusing to delete '$1': not an absolute path at least two levels deep" ;; esac
  case "$1" in *$'\n'*) die "refusing to delete a path with a newline" ;; esac
}

[ "$dry_run" -eq 0 ] || echo "$me: dry run: nothing is changed; these are the actions a real run takes."

step "service"
unit="$unit_dir/watcher.service"
if [ -d /run/systemd/system ]; then
  if [ -f "$unit" ] || systemctl is-enabled --quiet watcher 2>/dev/null; then
    run systemctl disable --now watcher || warn "could not stop/disable watcher"
  fi
elif [ "$dry_run" -eq 1 ]; then
  echo "(systemd is not running here: a real run on this machine skips the systemctl steps)"
  run systemctl disable --now watcher
else
  warn "systemd is not running (no /run/systemd/system): skipped stop and disable"
fi
run rm -f "$unit"
run rm -rf "$unit_dir/watcher.service.d"
if [ -d /run/systemd/system ] || [ "$dry_run" -eq 1 ]; then
  run systemctl daemon-reload
  if [ -d /run/systemd/system ]; then run systemctl reset-failed watcher 2>/dev/null || true; fi
fi

step "program files"
check_deletable "$prefix"
if [ -e "$prefix" ] && [ ! -f "$prefix/watcher.dll" ]; then
  die "refusing to delete $prefix: it holds no watcher.dll (not a Watcher install)"
fi
run rm -rf "$prefix" "$prefix.new" "$prefix.old"
link=/usr/local/bin/watcher
if [ -L "$link" ] && [[ "$(readlink "$link")" == "$prefix/"* ]]; then
  run rm -f "$link"
fi

if [ "$purge" -eq 0 ]; then
  echo
  echo "Watcher removed. Kept: data $data, configuration $config_dir, user $user (--purge removes them)."
  exit 0
fi

step "purge: data, configuration, account"
check_deletable "$data"
check_deletable "$config_dir"
run rm -rf "$data"
run rm -rf "$config_dir"
# Inbox, output and models folders elsewhere: removed when empty, else kept (they hold images);
# then their parent when it is a "watcher" folder left empty (the default /srv/watcher).
parents=()
for d in "${INBOXES[@]}" "$OUTPUT" "$MODELS"; do
  case "$d" in ""|"$data"/*) continue ;; esac
  [ -d "$d" ] || continue
  if [ -z "$(ls -A "$d")" ]; then
    run rmdir "$d"
    [ "$(basename "$(dirname "$d")")" != watcher ] || parents+=("$(dirname "$d")")
  else
    echo "kept $d (not empty, outside $data: delete it by hand if you want)"
  fi
done
for p in "${parents[@]}"; do
  if [ "$dry_run" -eq 1 ]; then
    echo "+ rmdir $(q "$p") (if empty by then)"
  elif [ -d "$p" ] && [ -z "$(ls -A "$p")" ]; then
    run rmdir "$p"
  fi
done
if getent passwd "$user" >/dev/null; then
  run userdel "$user"
fi
if getent group "$user" >/dev/null; then
  run groupdel "$user" || warn "group $user not removed (still someone's primary group?)"
fi
echo
echo "Watcher removed with its data, configuration and account."

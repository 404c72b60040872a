#!/usr/bin/env bash
# Installs (or upgrades in place) Watcher as a systemd service. Run as root from a checkout:
#   sudo install/install-linux.sh [options]
# See install/README.md. --dry-run prints every action instead of doing it (needs neither root nor
# systemd), which is how install/test-install-linux.sh checks this script.
set -euo pipefail

me="install-linux.sh"
script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$script_dir/.." && pwd)"

usage() {
  cat <<'EOF'
Usage: sudo install/install-linux.sh [options]

  --from DIR          install this `dotnet publish` output (default: publish src/Watcher from this
                      checkout into a temporary folder, which needs the .NET 10 SDK)
  --prefix DIR        program folder (default /opt/watcher)
  --data DIR          data folder: catalog, logs, working directory (default /var/lib/watcher)
  --inbox DIR         folder watched for new images; repeat for several (default /srv/watcher/inbox;
                      never inside DATA or OUTPUT, nor containing them: the daemon refuses that)
  --output DIR        sorted images go here (default /srv/watcher/output)
  --models DIR        model weights, one folder per model (default DATA/models)
  --port N            Watcher:Api:Port (default: the value in config/appsettings.json, else 5480)
  --user NAME         service account, created as a system user if missing (default watcher)
  --config-dir DIR    where appsettings.json goes (default /etc/watcher)
  --unit-dir DIR      where the systemd unit goes (default /etc/systemd/system)
  --rid RID           runtime identifier for the publish (default from `uname -m`, e.g. linux-x64)
  --force-config      rewrite CONFIG-DIR/appsettings.json even if it exists (default: keep it)
  --no-start          install and enable, but do not start the service
  --no-link           do not link /usr/local/bin/watcher to PREFIX/watcher
  --dry-run           print the actions instead of doing them
  -h, --help          this text
EOF
}

die() { echo "$me: error: $*" >&2; exit 1; }
warn() { echo "$me: warning: $*" >&2; }
step() { echo "==> $*"; }

# ---------------------------------------------------------------- options
prefix=/opt/watcher
data=/var/lib/watcher
inboxes=()
output=""
models=""
port=""
user=watcher
config_dir=/etc/watcher
unit_dir=/etc/systemd/system
from=""
rid=""
force_config=0
no_start=0
no_link=0
dry_run=0
given=" "   # names of the path options given on the command line

need_value() { if [ "$#" -lt 2 ] || [ -z "$2" ]; then die "$1 needs a value (see --help)"; fi; }
while [ "$#" -gt 0 ]; do
  opt="$1"
  case "$opt" in
    --*=*) set -- "${opt%%=*}" "${opt#*=}" "${@:2}"; continue ;;
  esac
  case "$opt" in
    --from)        need_value "$@"; from="$2"; shift 2 ;;
    --prefix)      need_value "$@"; prefix="$2"; shift 2 ;;
    --data)        need_value "$@"; data="$2"; given+="data "; shift 2 ;;
    --inbox)       need_value "$@"; inboxes+=("$2"); given+="inbox "; shift 2 ;;
    --output)      need_value "$@"; output="$2"; given+="output "; shift 2 ;;
    --models)      need_value "$@"; models="$2"; given+="models "; shift 2 ;;
    --port)        need_value "$@"; port="$2"; shift 2 ;;
    --user)        need_value "$@"; user="$2"; shift 2 ;;
    --config-dir)  need_value "$@"; config_dir="$2"; shift 2 ;;
    --unit-dir)    need_value "$@"; unit_dir="$2"; shift 2 ;;
    --rid)         need_value "$@"; rid="$2"; shift 2 ;;
    --force-config) force_config=1; shift ;;
    --no-start)    no_start=1; shift ;;
    --no-link)     no_link=1; shift ;;
    --dry-run)     dry_run=1; shift ;;
    -h|--help)     usage; exit 0 ;;
    *)             die "unknown option '$opt' (see --help)" ;;
  esac
done

if [ "$dry_run" -eq 0 ] && [ "$(id -u)" -ne 0 ]; then
  die "must be run as root (try: sudo $0 ...), or pass --dry-run to see what it would do"
fi

# Absolute, normalised, and safe to write into a systemd unit.
clean_path() { # NAME VALUE
  local v="$2"
  case "$v" in /*) ;; *) die "$1 must be an absolute path: '$v'" ;; esac
  case "$v" in *$'\n'*|*$'\t'*|*'"'*|*\\*) die "$1 contains a character this installer does not handle: '$v'" ;; esac
  v="$(realpath -m -s -- "$v")"
  [ "$v" != / ] || die "$1 cannot be /"
  printf '%s' "$v"
}
# A folder this script may replace or (uninstall --purge) delete: at least two levels deep.
flag_was_given() { case "$given" in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
deep_enough() { case "$1" in /*/*) return 0 ;; *) return 1 ;; esac; }

[[ "$user" =~ ^[a-z_][a-z0-9_-]*[$]?$ ]] || die "--user '$user' is not a valid user name"
if [ -n "$port" ]; then
  if ! [[ "$port" =~ ^[0-9]{1,5}$ ]] || [ "$port" -lt 1 ] || [ "$port" -gt 65535 ]; then
    die "--port must be 1-65535: '$port'"
  fi
fi
prefix="$(clean_path --prefix "$prefix")"
data="$(clean_path --data "$data")"
config_dir="$(clean_path --config-dir "$config_dir")"
unit_dir="$(clean_path --unit-dir "$unit_dir")"
deep_enough "$prefix" || die "--prefix must be at least two levels deep (like /opt/watcher): '$prefix'"
[ "${#inboxes[@]}" -gt 0 ] || inboxes=(/srv/watcher/inbox)
for i in "${!inboxes[@]}"; do inboxes[i]="$(clean_path --inbox "${inboxes[i]}")"; done
output="$(clean_path --output "${output:-/srv/watcher/output}")"
models="$(clean_path --models "${models:-$data/models}")"
config_file="$config_dir/appsettings.json"
if [ -e "$prefix" ] && [ -n "$(ls -A "$prefix" 2>/dev/null)" ] && [ ! -f "$prefix/watcher.dll" ]; then
  die "refusing to replace $prefix: it is not empty and holds no watcher.dll (not an earlier install)"
fi

# ---------------------------------------------------------------- how actions run
q() { local out="" a; for a in "$@"; do out+="$(printf '%q' "$a") "; done; printf '%s' "${out% }"; }
# Runs a command, or in --dry-run only prints it. Either way the command is echoed with '+ '.
run() {
  echo "+ $(q "$@")"
  [ "$dry_run" -eq 1 ] || "$@"
}
# write_file PATH MODE OWNER GROUP < content: atomic replace, or in --dry-run print the content.
write_file() {
  local path="$1" mode="$2" owner="$3" group="$4" content
  content="$(cat)"
  echo "+ write $path (mode $mode, $owner:$group)"
  if [ "$dry_run" -eq 1 ]; then
    printf '%s\n' "$content" | sed 's/^/    | /'
    return
  fi
  local tmp
  tmp="$(mktemp "$path.XXXXXX")"
  printf '%s\n' "$content" >"$tmp"
  chown "$owner:$group" "$tmp"
  chmod "$mode" "$tmp"
  mv -f "$tmp" "$path"
}

work=""
cleanup() { if [ -n "$work" ]; then rm -rf "$work"; fi; }
trap cleanup EXIT

[ "$dry_run" -eq 0 ] || echo "$me: dry run: nothing is changed; these are the actions a real run takes."

have_systemd=0
[ -d /run/systemd/system ] && have_systemd=1

# ---------------------------------------------------------------- JSON tool
json_tool=""
if command -v python3 >/dev/null 2>&1; then json_tool=python3
elif command -v jq >/dev/null 2>&1; then json_tool=jq
else die "neither python3 nor jq is installed; one is needed to write $config_file (apt-get install python3)"
fi

# Prints the folders a kept appsettings.json names, one "key<TAB>value" a line, relative ones
# resolved against the working directory (DataDir when absolute, else --data).
read_config_paths() { # FILE
  if [ "$json_tool" = python3 ]; then
    python3 - "$1" "$data" <<'PY'
import json, os, sys
path, fallback = sys.argv[1], sys.argv[2]
try:
    with open(path, encoding="utf-8-sig") as f:
        doc = json.load(f)
except ValueError as e:
    sys.exit(f"cannot parse {path} as JSON ({e}); fix it or re-run with --force-config")
w = doc.get("Watcher") if isinstance(doc, dict) else None
w = w if isinstance(w, dict) else {}
sec = lambda name: w.get(name) if isinstance(w.get(name), dict) else {}
data = w.get("DataDir")
workdir = data if isinstance(data, str) and os.path.isabs(data) else fallback
res = lambda p: os.path.normpath(os.path.join(workdir, p))
print("workdir\t" + workdir)
if isinstance(data, str) and data: print("data\t" + res(data))
inbox = sec("Inbox").get("Paths")
for p in ([inbox] if isinstance(inbox, str) else inbox if isinstance(inbox, list) else []):
    if isinstance(p, str) and p: print("inbox\t" + res(p))
out = sec("Output").get("Dir")
if isinstance(out, str) and out: print("output\t" + res(out))
models = sec("Embedding").get("ModelsDir")
if isinstance(models, str) and models: print("models\t" + res(models))
PY
  else
    local workdir d
    d="$(jq -r '.Watcher.DataDir // empty | strings' "$1")" || die "cannot parse $1 as JSON; fix it or re-run with --force-config"
    case "$d" in /*) workdir="$d" ;; *) workdir="$data" ;; esac
    resolve() { case "$1" in /*) realpath -m -s -- "$1" ;; *) realpath -m -s -- "$workdir/$1" ;; esac; }
    printf 'workdir\t%s\n' "$workdir"
    [ -z "$d" ] || printf 'data\t%s\n' "$(resolve "$d")"
    jq -r '.Watcher.Inbox.Paths // empty | if type == "array" then .[] else . end | strings' "$1" |
      while IFS= read -r p; do [ -z "$p" ] || printf 'inbox\t%s\n' "$(resolve "$p")"; done
    d="$(jq -r '.Watcher.Output.Dir // empty | strings' "$1")"; [ -z "$d" ] || printf 'output\t%s\n' "$(resolve "$d")"
    d="$(jq -r '.Watcher.Embedding.ModelsDir // empty | strings' "$1")"; [ -z "$d" ] || printf 'models\t%s\n' "$(resolve "$d")"
  fi
}

# Prints TEMPLATE with the Watcher paths and port set (sections created where missing).
render_config() { # TEMPLATE
  if [ "$json_tool" = python3 ]; then
    python3 - "$1" "$data" "$output" "$models" "$port" "${inboxes[@]}" <<'PY'
import json, sys
template, data, output, models, port = sys.argv[1:6]
inboxes = sys.argv[6:]
try:
    with open(template, encoding="utf-8-sig") as f:
        doc = json.load(f)
except ValueError as e:
    sys.exit(f"cannot parse {template} as JSON ({e})")
if not isinstance(doc, dict): doc = {}
w = doc.get("Watcher")
if not isinstance(w, dict): w = doc["Watcher"] = {}
def section(name):
    if not isinstance(w.get(name), dict): w[name] = {}
    return w[name]
w["DataDir"] = data
section("Inbox")["Paths"] = inboxes
section("Output")["Dir"] = output
section("Embedding")["ModelsDir"] = models
api = section("Api")
if port: api["Port"] = int(port)
elif not isinstance(api.get("Port"), int): api["Port"] = 5480
print(json.dumps(doc, indent=2, ensure_ascii=False))
PY
  else
    jq --arg data "$data" --arg output "$output" --arg models "$models" --arg port "$port" \
       --argjson inbox "$(jq -n '$ARGS.positional' --args "${inboxes[@]}")" '
      (if type == "object" then . else {} end)
      | .Watcher |= (if type == "object" then . else {} end)
      | .Watcher.DataDir = $data
      | .Watcher.Inbox |= (if type == "object" then . else {} end) | .Watcher.Inbox.Paths = $inbox
      | .Watcher.Output |= (if type == "object" then . else {} end) | .Watcher.Output.Dir = $output
      | .Watcher.Embedding |= (if type == "object" then . else {} end) | .Watcher.Embedding.ModelsDir = $models
      | .Watcher.Api |= (if type == "object" then . else {} end)
      | .Watcher.Api.Port = (if $port != "" then ($port | tonumber)
                             elif (.Watcher.Api.Port | type) == "number" then .Watcher.Api.Port
                             else 5480 end)' "$1" || die "cannot parse $1 as JSON"
  fi
}

# ---------------------------------------------------------------- 1. what to install
step "checking the program to install"
if [ -n "$from" ]; then
  from="$(clean_path --from "$from")"
  [ -d "$from" ] || die "--from $from is not a folder"
  publish_dir="$from"
else
  command -v dotnet >/dev/null 2>&1 \
    || die "no --from given and dotnet is not installed: install the .NET 10 SDK, or publish elsewhere and pass --from DIR"
  [ -n "$(dotnet --list-sdks 2>/dev/null)" ] \
    || die "no --from given and no .NET SDK found (dotnet --list-sdks is empty): install the .NET 10 SDK, or pass --from DIR"
  [ -f "$repo_root/src/Watcher/Watcher.csproj" ] || die "no --from given and $repo_root/src/Watcher/Watcher.csproj not found"
  if [ -z "$rid" ]; then
    case "$(uname -m)" in
      x86_64|amd64) rid=linux-x64 ;;
      aarch64|arm64) rid=linux-arm64 ;;
      armv7l|armv7*) rid=linux-arm ;;
      *) die "unknown machine '$(uname -m)': pass --rid, or publish yourself and pass --from" ;;
    esac
    if compgen -G '/lib/ld-musl-*' >/dev/null; then rid="linux-musl-${rid#linux-}"; fi
  fi
  if [ "$dry_run" -eq 1 ]; then
    publish_dir="/tmp/watcher-install.XXXXXX/publish"
  else
    work="$(mktemp -d /tmp/watcher-install.XXXXXX)"
    publish_dir="$work/publish"
  fi
  # One runtime's native libraries only (a RID-less publish carries every platform's: ~800 MB).
  run dotnet publish "$repo_root/src/Watcher" -c Release -r "$rid" --self-contained false -o "$publish_dir" -nologo
fi
if [ "$dry_run" -eq 0 ] || [ -n "$from" ]; then
  if [ ! -f "$publish_dir/watcher" ] || [ ! -f "$publish_dir/watcher.dll" ]; then
    die "$publish_dir holds no watcher executable and watcher.dll: is it the output of 'dotnet publish src/Watcher'?"
  fi
fi

# A framework-dependent publish needs the shared runtimes it names (Microsoft.NETCore.App and,
# for the daemon's HTTP API, Microsoft.AspNetCore.App); the service finds them through DOTNET_ROOT.
dotnet_root=""
frameworks=()
runtimeconfig="$publish_dir/watcher.runtimeconfig.json"
if [ -f "$runtimeconfig" ] && ! grep -q '"includedFrameworks"' "$runtimeconfig"; then
  major="$(grep -o '"version": *"[0-9]*' "$runtimeconfig" | head -n1 | grep -o '[0-9]*$' || true)"
  mapfile -t frameworks < <(grep -o '"name": *"[^"]*"' "$runtimeconfig" | sed 's/.*"\([^"]*\)"$/\1/')
elif [ "$dry_run" -eq 1 ] && [ -z "$from" ]; then
  major=10   # the publish has not run: it would need these
  frameworks=(Microsoft.NETCore.App Microsoft.AspNetCore.App)
fi
if [ "${#frameworks[@]}" -gt 0 ]; then
  major="${major:-10}"
  command -v dotnet >/dev/null 2>&1 \
    || die "the .NET $major runtime is needed and dotnet is not installed (apt-get install aspnetcore-runtime-$major.0), or publish with --self-contained"
  runtimes="$(dotnet --list-runtimes 2>/dev/null || true)"
  for fw in "${frameworks[@]}"; do
    grep -q "^${fw//./\\.} $major\." <<<"$runtimes" \
      || die "the shared runtime $fw $major.x is not installed (dotnet --list-runtimes shows none): apt-get install aspnetcore-runtime-$major.0, or publish with --self-contained"
  done
  dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
  echo "found .NET $major runtime (${frameworks[*]}) in $dotnet_root"
fi

# ---------------------------------------------------------------- 2. configuration
step "working out the configuration"
keep_config=0
workdir="$data"
if [ -f "$config_file" ] && [ "$force_config" -eq 0 ]; then
  keep_config=1
  echo "keeping the existing $config_file (--force-config rewrites it); its folders are used below"
  cfg_lines="$(read_config_paths "$config_file")" || die "could not read the folders from $config_file"
  cfg_inboxes=()
  while IFS=$'\t' read -r key value; do
    case "$key" in
      workdir) workdir="$value" ;;
      data)    [ "$value" = "$data" ] || ! flag_was_given data || warn "--data $data ignored: $config_file says $value"; data="$value" ;;
      inbox)   cfg_inboxes+=("$value") ;;
      output)  [ "$value" = "$output" ] || ! flag_was_given output || warn "--output $output ignored: $config_file says $value"; output="$value" ;;
      models)  [ "$value" = "$models" ] || ! flag_was_given models || warn "--models $models ignored: $config_file says $value"; models="$value" ;;
    esac
  done <<<"$cfg_lines"
  if [ "${#cfg_inboxes[@]}" -gt 0 ]; then
    if flag_was_given inbox && [ "${cfg_inboxes[*]}" != "${inboxes[*]}" ]; then
      warn "--inbox ignored: $config_file names ${cfg_inboxes[*]}"
    fi
    inboxes=("${cfg_inboxes[@]}")
  fi
  for d in "$data" "$output" "$models" "${inboxes[@]}"; do clean_path "a folder in $config_file" "$d" >/dev/null; done
else
  template="$repo_root/config/appsettings.json"
  [ -f "$template" ] || template="$publish_dir/config/appsettings.json"
  [ -f "$template" ] || die "no config/appsettings.json in $repo_root or $publish_dir to start the configuration from"
  config_json="$(render_config "$template")" || die "could not write the configuration from $template"
fi
# The daemon refuses to start when an inbox and the data or output folder contain one another
# (filed images would be taken in again): say so now rather than in a restart loop.
contains() { [ "$1" = "$2" ] || [[ "$2" == "$1"/* ]] || [[ "$1" == "$2"/* ]]; }
for i in "${inboxes[@]}"; do
  if contains "$i" "$data"; then die "the inbox $i and the data folder $data must not contain one another (pass --inbox elsewhere, e.g. /srv/watcher/inbox)"; fi
  if contains "$i" "$output"; then die "the inbox $i and the output $output must not contain one another"; fi
done
echo "data: $data"
for i in "${inboxes[@]}"; do echo "inbox: $i"; done
echo "output: $output"
echo "models: $models"

# ---------------------------------------------------------------- 3. service account
step "service account"
nologin=/usr/sbin/nologin
[ -x "$nologin" ] || nologin=/sbin/nologin
[ -x "$nologin" ] || nologin=/bin/false
if getent passwd "$user" >/dev/null; then
  group="$(id -gn "$user")"
  echo "user $user exists (group $group)"
else
  group="$user"
  if getent group "$user" >/dev/null; then
    run useradd --system --no-create-home --home-dir "$data" --shell "$nologin" --gid "$user" "$user"
  else
    run useradd --system --no-create-home --home-dir "$data" --shell "$nologin" --user-group "$user"
  fi
fi

# ---------------------------------------------------------------- 4. folders
step "folders"
user_can() { # TEST PATH: whether the service account passes test(1) TEST on PATH
  [ "$dry_run" -eq 0 ] && command -v runuser >/dev/null 2>&1 || return 0
  runuser -u "$user" -- test "$1" "$2"
}
# The data folder is the service's own: its ownership is (re)set every run.
# (install -d also resets the owner and mode of an existing folder.)
run install -d -o "$user" -g "$group" -m 0750 "$data"
# Inbox and output: created group-writable (setgid: files dropped in stay in the group; add the
# people who drop images to the group). A folder that already exists is left as it is.
for d in "${inboxes[@]}" "$output"; do
  if [ -d "$d" ]; then
    echo "$d exists: leaving its owner and mode"
    user_can -w "$d" || warn "$user cannot write $d: e.g. chgrp $group '$d' && chmod g+rwxs '$d', or setfacl -m u:$user:rwx '$d'"
  else
    run install -d -o "$user" -g "$group" -m 2770 "$d"
  fi
done
if [ -d "$models" ]; then
  user_can -r "$models" || warn "$user cannot read $models"
else
  run install -d -m 0755 "$models"
fi
for d in "${inboxes[@]}" "$output" "$models"; do
  user_can -x "$d" || warn "$user cannot reach $d (a parent folder is closed to it)"
done
if [ "$dry_run" -eq 0 ] && ! compgen -G "$models/*/*.onnx" >/dev/null && ! compgen -G "$models/*.onnx" >/dev/null; then
  warn "no model weights in $models yet: fetch the default with '$script_dir/download-model.sh clip-vit-b32 $models'"
fi

# ---------------------------------------------------------------- 5. program files
step "program files in $prefix"
unit="$unit_dir/watcher.service"
was_active=0
if [ "$have_systemd" -eq 1 ] && systemctl is-active --quiet watcher 2>/dev/null; then
  was_active=1
  run systemctl stop watcher
fi
# Copy beside, then swap, so an upgrade never leaves a half-copied program (and drops stale files).
run rm -rf "$prefix.new" "$prefix.old"
run mkdir -p "$(dirname "$prefix")"
run cp -a "$publish_dir" "$prefix.new"
run chown -R root:root "$prefix.new"
run chmod -R u=rwX,go=rX "$prefix.new"
run chmod 0755 "$prefix.new/watcher"
# The installed program reads the system configuration by default (e.g. `watcher status`).
run mkdir -p "$prefix.new/config"
run ln -sfn "$config_file" "$prefix.new/config/appsettings.json"
if [ -e "$prefix" ]; then run mv "$prefix" "$prefix.old"; fi
run mv "$prefix.new" "$prefix"
run rm -rf "$prefix.old"

link=/usr/local/bin/watcher
if [ "$no_link" -eq 0 ]; then
  if [ ! -e "$link" ] && [ ! -L "$link" ] || [[ "$(readlink "$link" 2>/dev/null)" == "$prefix/"* ]]; then
    run mkdir -p "$(dirname "$link")"
    run ln -sfn "$prefix/watcher" "$link"
  else
    warn "$link exists and is not a link into $prefix: left as it is"
  fi
fi

# The program must start as the service account (runtime found, files readable).
if [ "$dry_run" -eq 1 ]; then
  echo "+ runuser -u $user -- $prefix/watcher --version"
elif command -v runuser >/dev/null 2>&1; then
  env_args=(HOME="$data")
  [ -z "$dotnet_root" ] || env_args+=(DOTNET_ROOT="$dotnet_root")
  if ! version="$(cd / && runuser -u "$user" -- env "${env_args[@]}" "$prefix/watcher" --version 2>&1)"; then
    die "$prefix/watcher does not start as $user: $version"
  fi
  echo "$prefix/watcher --version as $user: $version"
fi

# ---------------------------------------------------------------- 6. configuration file
step "configuration in $config_file"
run install -d -m 0755 "$config_dir"
if [ "$keep_config" -eq 1 ]; then
  echo "kept $config_file"
else
  write_file "$config_file" 0640 root "$group" <<<"$config_json"
fi
# What uninstall-linux.sh needs to know.
write_file "$config_dir/install.env" 0644 root root <<EOF
# Written by install/install-linux.sh; read by install/uninstall-linux.sh.
PREFIX=$(printf '%q' "$prefix")
DATA=$(printf '%q' "$data")
OUTPUT=$(printf '%q' "$output")
INBOXES=($(q "${inboxes[@]}"))
MODELS=$(printf '%q' "$models")
SERVICE_USER=$(printf '%q' "$user")
UNIT_DIR=$(printf '%q' "$unit_dir")
EOF

# ---------------------------------------------------------------- 7. systemd unit
step "systemd unit $unit"
# systemd unit syntax: '%' is a specifier, paths with spaces are quoted.
unit_word() { local v="${1//%/%%}"; case "$v" in *' '*) printf '"%s"' "$v" ;; *) printf '%s' "$v" ;; esac; }
rw_paths=()
for d in "$data" "${inboxes[@]}" "$output"; do
  dup=0
  for e in "${rw_paths[@]}"; do [ "$e" != "$d" ] || dup=1; done
  [ "$dup" -eq 1 ] || rw_paths+=("$d")
done
rw_line="ReadWritePaths="
for d in "${rw_paths[@]}"; do rw_line+="$(unit_word "$d") "; done
dropin="# Written by install/install-linux.sh; re-running it rewrites this file.
[Service]
${rw_line% }"
[ "$workdir" = /var/lib/watcher ] || dropin+=$'\n'"WorkingDirectory=${workdir//%/%%}"
[ "$user" = watcher ] || dropin+=$'\n'"User=$user"
[ "$group" = watcher ] || dropin+=$'\n'"Group=$group"
if [ "$prefix" != /opt/watcher ] || [ "$config_file" != /etc/watcher/appsettings.json ]; then
  dropin+=$'\n'"ExecStart="$'\n'"ExecStart=$(unit_word "$prefix/watcher") run --config $(unit_word "$config_file")"
fi
[ -z "$dotnet_root" ] || dropin+=$'\n'"Environment=$(unit_word "DOTNET_ROOT=$dotnet_root")"
run install -d -m 0755 "$unit_dir" "$unit_dir/watcher.service.d"
run install -m 0644 "$script_dir/watcher.service" "$unit"
write_file "$unit_dir/watcher.service.d/paths.conf" 0644 root root <<<"$dropin"

# ---------------------------------------------------------------- 8. start
step "service"
if [ "$have_systemd" -eq 0 ]; then
  if [ "$dry_run" -eq 1 ]; then
    echo "(systemd is not running here: a real run on this machine skips the systemctl steps)"
  else
    warn "systemd is not running (no /run/systemd/system): skipped daemon-reload, enable and start."
    warn "run it by hand: runuser -u $user -- $prefix/watcher run --config $config_file"
  fi
fi
if [ "$have_systemd" -eq 1 ] || [ "$dry_run" -eq 1 ]; then
  run systemctl daemon-reload
  if [ "$no_start" -eq 1 ]; then
    run systemctl enable watcher
    echo "not started (--no-start); start it with: systemctl start watcher"
    [ "$was_active" -eq 0 ] || warn "the service was running before this upgrade and is now stopped"
  else
    if ! run systemctl enable --now watcher; then
      echo "--- journalctl -u watcher -n 30" >&2
      journalctl -u watcher -n 30 --no-pager >&2 || true
      die "the service did not start; see above, then 'systemctl status watcher'"
    fi
    [ "$dry_run" -eq 1 ] || systemctl --no-pager status watcher | head -n 5 || true
  fi
fi

echo
echo "Watcher installed in $prefix (config $config_file, data $data)."
echo "Logs: journalctl -u watcher and $data/logs. Status: systemctl status watcher, $prefix/watcher status."

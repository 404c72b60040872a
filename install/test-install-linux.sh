#!/usr/bin/env bash
# Tests the Linux installer without touching the machine: syntax (bash -n, shellcheck when
# installed), install-linux.sh/uninstall-linux.sh --dry-run plans against a fake publish folder,
# the error paths, and `systemd-analyze verify` of the unit with its generated drop-in (skipped
# where systemd-analyze is missing). Needs no root and no systemd.
#
#   install/test-install-linux.sh              the checks above
#   install/test-install-linux.sh --real [--from DIR]
#                                              also a real install (root only): publishes src/Watcher
#                                              (or takes DIR), installs it into temporary folders with
#                                              a throw-away account, upgrades, uninstalls --purge
#   install/test-install-linux.sh --ps-parse   also parses the .ps1 scripts with PowerShell's parser
#                                              (pwsh if installed, else a tiny tool built against the
#                                              System.Management.Automation NuGet package)
# Prints "N passed, N failed" last; exits non-zero when anything failed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
install_sh="$here/install-linux.sh"
uninstall_sh="$here/uninstall-linux.sh"
real=0 ps_parse=0 real_from=""
while [ "$#" -gt 0 ]; do
  case "$1" in
    --real) real=1; shift ;;
    --from) real_from="${2:?--from needs a folder}"; shift 2 ;;
    --ps-parse) ps_parse=1; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

passed=0 failed=0
ok()   { passed=$((passed + 1)); echo "ok   $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
skip() { echo "skip $*"; }
check() { # DESCRIPTION COMMAND...: passes when the command succeeds
  local d="$1"; shift
  if "$@"; then ok "$d"; else fail "$d"; fi
}
has_line() { grep -qxF -- "$2" <<<"$1"; }          # TEXT LINE: an exact line
has_text() { grep -qF -- "$2" <<<"$1"; }           # TEXT PART
lacks_text() { ! grep -qF -- "$2" <<<"$1"; }

tmp="$(mktemp -d /tmp/watcher-install-test.XXXXXX)"
cleanup_user=""
cleanup() {
  if [ -n "$cleanup_user" ] && getent passwd "$cleanup_user" >/dev/null; then userdel "$cleanup_user" 2>/dev/null || true; fi
  if [ -n "$cleanup_user" ] && getent group "$cleanup_user" >/dev/null; then groupdel "$cleanup_user" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# ---------------------------------------------------------------- syntax
for f in "$here"/*.sh; do
  check "bash -n $(basename "$f")" bash -n "$f"
done
if command -v shellcheck >/dev/null 2>&1; then
  for f in "$here"/*.sh; do
    check "shellcheck $(basename "$f")" shellcheck -x "$f"
  done
else
  skip "shellcheck: not installed (apt-get install -y shellcheck)"
fi

# ---------------------------------------------------------------- a fake publish folder
from="$tmp/publish"
mkdir -p "$from/config"
printf '#!/bin/sh\necho 1.0.0\n' >"$from/watcher"; chmod +x "$from/watcher"
: >"$from/watcher.dll"
cp "$here/../config/appsettings.json" "$from/config/appsettings.json"
runtimes="$(dotnet --list-runtimes 2>/dev/null || true)"
if grep -q '^Microsoft\.NETCore\.App 10\.' <<<"$runtimes" && grep -q '^Microsoft\.AspNetCore\.App 10\.' <<<"$runtimes"; then
  framework_dependent=1   # as the real publish: both shared runtimes
  cat >"$from/watcher.runtimeconfig.json" <<'EOF'
{
  "runtimeOptions": {
    "tfm": "net10.0",
    "frameworks": [
      { "name": "Microsoft.NETCore.App", "version": "10.0.0" },
      { "name": "Microsoft.AspNetCore.App", "version": "10.0.0" }
    ]
  }
}
EOF
else
  framework_dependent=0   # no .NET 10 runtime here: pretend a self-contained publish
  echo '{"runtimeOptions":{"tfm":"net10.0","includedFrameworks":[{"name":"Microsoft.NETCore.App","version":"10.0.0"}]}}' >"$from/watcher.runtimeconfig.json"
  echo "note: no .NET 10 + ASP.NET Core 10 runtime here: the fake publish is self-contained"
fi

# Lines of a file the plan writes, without the "    | " margin.
written() { # PLAN PATH
  awk -v hdr="+ write $2 " 'index($0, hdr) == 1 { on = 1; next } on && /^    \| / { print substr($0, 7); next } { on = 0 }' <<<"$1"
}
json_get() { # JSON EXPRESSION(python, on d) -> prints the value
  python3 -c 'import json,sys; d=json.loads(sys.stdin.read()); print(json.dumps(eval(sys.argv[1])))' "$2" <<<"$1"
}

user="watcher-dryrun"
cfg="$tmp/etc"
units="$tmp/units"

# ---------------------------------------------------------------- dry run: defaults
plan="$("$install_sh" --dry-run --from "$from" --user "$user" --config-dir "$cfg" 2>&1)" && rc=0 || rc=$?
check "dry run exits 0" test "$rc" -eq 0
check "dry run says it is one" has_text "$plan" "dry run: nothing is changed"
if getent passwd "$user" >/dev/null; then
  check "plan: account exists" has_text "$plan" "user $user exists"
else
  check "plan: creates the system account" has_text "$plan" "+ useradd --system --no-create-home --home-dir /var/lib/watcher --shell "
fi
check "plan: data folder" has_line "$plan" "+ install -d -o $user -g $user -m 0750 /var/lib/watcher"
check "plan: inbox folder (outside the data folder)" has_line "$plan" "+ install -d -o $user -g $user -m 2770 /srv/watcher/inbox"
check "plan: output folder" has_line "$plan" "+ install -d -o $user -g $user -m 2770 /srv/watcher/output"
check "plan: models folder" has_line "$plan" "+ install -d -m 0755 /var/lib/watcher/models"
check "plan: copies the publish output" has_line "$plan" "+ cp -a $from /opt/watcher.new"
check "plan: swaps it into the prefix" has_line "$plan" "+ mv /opt/watcher.new /opt/watcher"
check "plan: links the installed config" has_line "$plan" "+ ln -sfn $cfg/appsettings.json /opt/watcher.new/config/appsettings.json"
check "plan: links /usr/local/bin/watcher" has_line "$plan" "+ ln -sfn /opt/watcher/watcher /usr/local/bin/watcher"
check "plan: tries the program as the account" has_line "$plan" "+ runuser -u $user -- /opt/watcher/watcher --version"
check "plan: writes the configuration" has_text "$plan" "+ write $cfg/appsettings.json (mode 0640, root:$user)"
config="$(written "$plan" "$cfg/appsettings.json")"
if command -v python3 >/dev/null 2>&1; then
  check "config: DataDir" test "$(json_get "$config" 'd["Watcher"]["DataDir"]')" = '"/var/lib/watcher"'
  check "config: Inbox:Paths" test "$(json_get "$config" 'd["Watcher"]["Inbox"]["Paths"]')" = '["/srv/watcher/inbox"]'
  check "config: Output:Dir" test "$(json_get "$config" 'd["Watcher"]["Output"]["Dir"]')" = '"/srv/watcher/output"'
  check "config: Embedding:ModelsDir" test "$(json_get "$config" 'd["Watcher"]["Embedding"]["ModelsDir"]')" = '"/var/lib/watcher/models"'
  check "config: Api:Port kept from the template" test "$(json_get "$config" 'd["Watcher"]["Api"]["Port"]')" = "$(json_get "$(cat "$here/../config/appsettings.json")" 'd["Watcher"].get("Api", {}).get("Port", 5480)')"
  check "config: other settings kept" test "$(json_get "$config" 'd["Watcher"]["Embedding"]["BatchSize"]')" = 32
else
  skip "config contents: python3 not installed"
fi
check "plan: installs the unit" has_line "$plan" "+ install -m 0644 $here/watcher.service /etc/systemd/system/watcher.service"
dropin="$(written "$plan" /etc/systemd/system/watcher.service.d/paths.conf)"
check "drop-in: ReadWritePaths" has_line "$dropin" "ReadWritePaths=/var/lib/watcher /srv/watcher/inbox /srv/watcher/output"
check "drop-in: User (non-default account)" has_line "$dropin" "User=$user"
check "drop-in: ExecStart reset (non-default config dir)" has_line "$dropin" "ExecStart="
check "drop-in: ExecStart" has_line "$dropin" "ExecStart=/opt/watcher/watcher run --config $cfg/appsettings.json"
if [ "$framework_dependent" -eq 1 ]; then
  check "drop-in: DOTNET_ROOT" has_text "$dropin" "Environment=DOTNET_ROOT=/"
fi
check "plan: daemon-reload" has_line "$plan" "+ systemctl daemon-reload"
check "plan: enable --now" has_line "$plan" "+ systemctl enable --now watcher"
check "plan: records the install" has_text "$plan" "+ write $cfg/install.env"

# ---------------------------------------------------------------- dry run: custom folders
plan="$("$install_sh" --dry-run --from "$from" --user "$user" --config-dir "$cfg" --prefix /srv/w/app \
  --data /srv/w/data --inbox /srv/in1 --inbox "/home/bob/my inbox" --output /srv/out --models /srv/models \
  --port 6123 --no-start --no-link 2>&1)" && rc=0 || rc=$?
check "custom dry run exits 0" test "$rc" -eq 0
dropin="$(written "$plan" /etc/systemd/system/watcher.service.d/paths.conf)"
check "drop-in: custom ReadWritePaths, quoted space" has_line "$dropin" 'ReadWritePaths=/srv/w/data /srv/in1 "/home/bob/my inbox" /srv/out'
check "drop-in: WorkingDirectory" has_line "$dropin" "WorkingDirectory=/srv/w/data"
check "drop-in: ExecStart in the prefix" has_line "$dropin" "ExecStart=/srv/w/app/watcher run --config $cfg/appsettings.json"
config="$(written "$plan" "$cfg/appsettings.json")"
if command -v python3 >/dev/null 2>&1; then
  check "config: two inboxes" test "$(json_get "$config" 'd["Watcher"]["Inbox"]["Paths"]')" = '["/srv/in1", "/home/bob/my inbox"]'
  check "config: --port" test "$(json_get "$config" 'd["Watcher"]["Api"]["Port"]')" = 6123
  check "config: --models" test "$(json_get "$config" 'd["Watcher"]["Embedding"]["ModelsDir"]')" = '"/srv/models"'
fi
check "--no-start: enables" has_line "$plan" "+ systemctl enable watcher"
check "--no-start: does not start" lacks_text "$plan" "enable --now"
check "--no-link: no /usr/local/bin link" lacks_text "$plan" "/usr/local/bin/watcher"

# ---------------------------------------------------------------- dry run: an existing config is kept
mkdir -p "$tmp/kept"
cat >"$tmp/kept/appsettings.json" <<'EOF'
{ "Watcher": { "DataDir": "/srv/kept/data", "Inbox": { "Paths": ["/srv/kept-in", "../rel-in"] }, "Output": { "Dir": "/srv/kept-out" } } }
EOF
plan="$("$install_sh" --dry-run --from "$from" --user "$user" --config-dir "$tmp/kept" --output /ignored 2>&1)" && rc=0 || rc=$?
check "kept-config dry run exits 0" test "$rc" -eq 0
check "kept config: says so" has_text "$plan" "keeping the existing $tmp/kept/appsettings.json"
check "kept config: not rewritten" lacks_text "$plan" "+ write $tmp/kept/appsettings.json"
check "kept config: warns about the ignored flag" has_text "$plan" "--output /ignored ignored"
dropin="$(written "$plan" /etc/systemd/system/watcher.service.d/paths.conf)"
check "kept config: its folders (relative ones from DataDir, the working directory)" has_line "$dropin" "ReadWritePaths=/srv/kept/data /srv/kept-in /srv/kept/rel-in /srv/kept-out"
check "kept config: WorkingDirectory is its DataDir" has_line "$dropin" "WorkingDirectory=/srv/kept/data"
plan="$("$install_sh" --dry-run --from "$from" --user "$user" --config-dir "$tmp/kept" --force-config 2>&1)"
check "--force-config rewrites it" has_text "$plan" "+ write $tmp/kept/appsettings.json"

# ---------------------------------------------------------------- error paths
expect_error() { # DESCRIPTION MESSAGE-PART COMMAND...
  local d="$1" msg="$2" out rc; shift 2
  out="$("$@" 2>&1)" && rc=0 || rc=$?
  if [ "$rc" -ne 0 ] && grep -qF -- "$msg" <<<"$out"; then ok "$d"; else fail "$d (exit $rc): $out"; fi
}
if [ "$(id -u)" -ne 0 ]; then
  expect_error "not root: refused" "must be run as root" "$install_sh" --from "$from"
  expect_error "uninstall not root: refused" "must be run as root" "$uninstall_sh"
elif command -v runuser >/dev/null 2>&1 && getent passwd nobody >/dev/null; then
  expect_error "not root: refused" "must be run as root" runuser -u nobody -- "$install_sh" --from "$from"
  expect_error "uninstall not root: refused" "must be run as root" runuser -u nobody -- "$uninstall_sh"
else
  skip "not-root check: running as root without runuser/nobody"
fi
expect_error "unknown option" "unknown option '--bogus'" "$install_sh" --dry-run --bogus
expect_error "relative path" "must be an absolute path" "$install_sh" --dry-run --from "$from" --data relative/dir
expect_error "shallow prefix" "at least two levels deep" "$install_sh" --dry-run --from "$from" --prefix /usr
expect_error "missing value" "--inbox needs a value" "$install_sh" --dry-run --from "$from" --inbox
expect_error "not a publish folder" "holds no watcher executable" "$install_sh" --dry-run --from "$tmp/kept"
mkdir -p "$tmp/other/app" && touch "$tmp/other/app/precious"
expect_error "inbox inside the data folder refused" "must not contain one another" "$install_sh" --dry-run --from "$from" --config-dir "$cfg" --inbox /var/lib/watcher/inbox
expect_error "output inside the inbox refused" "must not contain one another" "$install_sh" --dry-run --from "$from" --config-dir "$cfg" --inbox /srv/in --output /srv/in/sorted
expect_error "foreign prefix refused" "refusing to replace" "$install_sh" --dry-run --from "$from" --prefix "$tmp/other/app"

# ---------------------------------------------------------------- uninstall dry run
printf 'PREFIX=/srv/w/app\nDATA=/srv/w/data\nSERVICE_USER=%s\nUNIT_DIR=%s\nINBOXES=(/srv/in1)\nOUTPUT=/srv/out\n' "$user" "$units" >"$tmp/kept/install.env"
plan="$("$uninstall_sh" --dry-run --config-dir "$tmp/kept" 2>&1)" && rc=0 || rc=$?
check "uninstall dry run exits 0" test "$rc" -eq 0
check "uninstall: disable --now" has_line "$plan" "+ systemctl disable --now watcher"
check "uninstall: removes the unit" has_line "$plan" "+ rm -f $units/watcher.service"
check "uninstall: removes the drop-ins" has_line "$plan" "+ rm -rf $units/watcher.service.d"
check "uninstall: removes the prefix" has_line "$plan" "+ rm -rf /srv/w/app /srv/w/app.new /srv/w/app.old"
check "uninstall: keeps the data" lacks_text "$plan" "rm -rf /srv/w/data"
plan="$("$uninstall_sh" --dry-run --purge --config-dir "$tmp/kept" 2>&1)"
check "uninstall --purge: removes the data" has_line "$plan" "+ rm -rf /srv/w/data"
check "uninstall --purge: removes the config" has_line "$plan" "+ rm -rf $tmp/kept"

# ---------------------------------------------------------------- systemd-analyze verify
if command -v systemd-analyze >/dev/null 2>&1; then
  # The unit and the drop-in a plan writes, with ExecStart pointing at an existing executable.
  mkdir -p "$tmp/fakeprefix/watcher" "$units/watcher.service.d"
  cp "$from/watcher" "$from/watcher.dll" "$tmp/fakeprefix/watcher/"
  plan="$("$install_sh" --dry-run --from "$from" --user "$user" --config-dir "$cfg" --prefix "$tmp/fakeprefix/watcher" \
    --inbox "/srv/my inbox" 2>&1)"
  cp "$here/watcher.service" "$units/watcher.service"
  written "$plan" /etc/systemd/system/watcher.service.d/paths.conf >"$units/watcher.service.d/paths.conf"
  verify="$(SYSTEMD_UNIT_PATH="$units:" systemd-analyze verify "$units/watcher.service" 2>&1)" && rc=0 || rc=$?
  ours="$(grep -E 'watcher\.service|paths\.conf' <<<"$verify" || true)"
  if [ "$rc" -eq 0 ] && [ -z "$ours" ]; then
    ok "systemd-analyze verify watcher.service + paths.conf"
  elif [ -z "$ours" ] && grep -qiE 'failed to (initialize|connect|set up)|not booted|bus' <<<"$verify"; then
    skip "systemd-analyze verify cannot run here: $(head -n1 <<<"$verify")"
  else
    fail "systemd-analyze verify (exit $rc): $verify"
  fi
else
  skip "systemd-analyze verify: systemd-analyze not installed"
fi

# ---------------------------------------------------------------- PowerShell parse (opt-in)
if [ "$ps_parse" -eq 1 ]; then
  ps_files=("$here"/*.ps1)
  if command -v pwsh >/dev/null 2>&1; then
    for f in "${ps_files[@]}"; do
      # shellcheck disable=SC2016  # PowerShell code, expanded by pwsh
      check "PowerShell parses $(basename "$f")" pwsh -NoProfile -Command \
        '$e = $null; [void][System.Management.Automation.Language.Parser]::ParseFile($args[0], [ref]$null, [ref]$e); $e | ForEach-Object { Write-Host $_ }; exit $e.Count' "$f"
    done
  elif command -v dotnet >/dev/null 2>&1; then
    mkdir -p "$tmp/psparse"
    cat >"$tmp/psparse/psparse.csproj" <<'EOF'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
  <ItemGroup><PackageReference Include="System.Management.Automation" Version="7.6.*" /></ItemGroup>
</Project>
EOF
    cat >"$tmp/psparse/Program.cs" <<'EOF'
using System.Management.Automation.Language;
Parser.ParseFile(args[0], out _, out var errors);
foreach (var e in errors) Console.WriteLine($"{args[0]}:{e.Extent.StartLineNumber}: {e.Message}");
return errors.Length;
EOF
    if (cd "$tmp/psparse" && dotnet build -c Release -nologo -v q -o out >"$tmp/psparse/build.log" 2>&1); then
      for f in "${ps_files[@]}"; do
        check "PowerShell parses $(basename "$f")" dotnet "$tmp/psparse/out/psparse.dll" "$f"
      done
    else
      skip "PowerShell parse: could not build the parser ($(tail -n1 "$tmp/psparse/build.log"))"
    fi
  else
    skip "PowerShell parse: neither pwsh nor dotnet"
  fi
fi

# ---------------------------------------------------------------- real install (opt-in, root)
if [ "$real" -eq 1 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    skip "--real: needs root"
  elif getent passwd watcher-rtest >/dev/null; then
    fail "--real: account watcher-rtest already exists; remove it first"
  else
    r="$tmp/real"
    chmod 0755 "$tmp"   # (mktemp -d made it 0700: the account must reach the folders inside)
    cleanup_user=watcher-rtest
    args=(--prefix "$r/opt/watcher" --data "$r/data" --inbox "$r/in box" --output "$r/out" --config-dir "$r/etc" --unit-dir "$r/units"
          --user watcher-rtest --no-link --no-start)
    first=("${args[@]}")
    [ -z "$real_from" ] || first+=(--from "$real_from")
    out="$("$install_sh" "${first[@]}" 2>&1)" && rc=0 || rc=$?
    check "real install exits 0" test "$rc" -eq 0
    [ "$rc" -eq 0 ] || echo "$out"
  fi
  if [ "$real" -eq 1 ] && [ -n "$cleanup_user" ] && [ "$rc" -eq 0 ]; then
    check "real: account created" bash -c 'getent passwd watcher-rtest >/dev/null'
    check "real: no warnings" lacks_text "$out" "warning: watcher-rtest cannot"
    check "real: program in the prefix" test -x "$r/opt/watcher/watcher" -a -f "$r/opt/watcher/watcher.dll"
    check "real: program runs as the account" has_text "$out" "--version as watcher-rtest:"
    check "real: data owned by the account" test "$(stat -c '%U:%a' "$r/data")" = "watcher-rtest:750"
    check "real: inbox created group-writable" test "$(stat -c '%U:%a' "$r/in box")" = "watcher-rtest:2770"
    check "real: config readable by the group only" test "$(stat -c '%U:%G:%a' "$r/etc/appsettings.json")" = "root:watcher-rtest:640"
    check "real: config link in the prefix" test "$(readlink "$r/opt/watcher/config/appsettings.json")" = "$r/etc/appsettings.json"
    check "real: unit installed" cmp -s "$here/watcher.service" "$r/units/watcher.service"
    check "real: drop-in installed" grep -qF "ReadWritePaths=$r/data \"$r/in box\" $r/out" "$r/units/watcher.service.d/paths.conf"
    echo '{"Watcher":{"DataDir":"'"$r"'/data","Inbox":{"Paths":["'"$r"'/in box"]},"Output":{"Dir":"'"$r"'/out"},"Marker":1}}' >"$r/etc/appsettings.json"
    cp -a "$r/opt/watcher" "$tmp/republish"   # the same program, as an upgrade's publish folder
    touch "$r/opt/watcher/stale"
    out="$("$install_sh" "${args[@]}" --from "$tmp/republish" 2>&1)" && rc=0 || rc=$?
    check "real upgrade exits 0" test "$rc" -eq 0
    [ "$rc" -eq 0 ] || echo "$out"
    check "real upgrade: config kept" grep -q Marker "$r/etc/appsettings.json"
    check "real upgrade: prefix replaced whole (stale file gone)" test ! -e "$r/opt/watcher/stale" -a -f "$r/opt/watcher/watcher.dll"
    out="$("$uninstall_sh" --config-dir "$r/etc" 2>&1)" && rc=0 || rc=$?
    check "real uninstall exits 0" test "$rc" -eq 0
    check "real uninstall: prefix gone" test ! -e "$r/opt/watcher"
    check "real uninstall: unit gone" test ! -e "$r/units/watcher.service"
    check "real uninstall: data kept" test -d "$r/data"
    out="$("$uninstall_sh" --config-dir "$r/etc" --purge 2>&1)" && rc=0 || rc=$?
    check "real uninstall --purge exits 0" test "$rc" -eq 0
    check "real purge: data gone" test ! -e "$r/data"
    check "real purge: config gone" test ! -e "$r/etc"
    check "real purge: account gone" bash -c '! getent passwd watcher-rtest >/dev/null'
    check "real purge: empty inbox outside data removed" test ! -e "$r/in box"
  fi
  if [ "$real" -eq 1 ] && [ -n "$cleanup_user" ] && [ "$rc" -eq 0 ]; then
    :
  fi
fi

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

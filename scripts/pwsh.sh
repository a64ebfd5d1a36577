#!/usr/bin/env bash
# PowerShell 7 for this repository: the docs test (test/docs/) runs every PowerShell example of
# README.md and docs/ with it.
#
#   bash scripts/pwsh.sh install   install the pinned version into .tools/pwsh/ if it is not there
#                                  yet (idempotent), print the path of its pwsh
#   bash scripts/pwsh.sh path      print that path if it is installed; fail saying how to get it
#
# PowerShell comes from NuGet as the .NET tool `PowerShell` $PWSH_VERSION, installed with the .NET
# SDK into the git-ignored .tools/ (never a machine-wide install, never whatever pwsh a machine has):
# every run of the examples uses the same PowerShell. If it cannot be had, the script fails and says
# how to get it.
set -euo pipefail

PWSH_VERSION="7.6.10"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
TOOLS="$ROOT/.tools"
TOOL_PATH="$TOOLS/pwsh/$PWSH_VERSION"
PWSH_BIN="$TOOL_PATH/pwsh"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 POWERSHELL_TELEMETRY_OPTOUT=1

how_to_get() {
  cat >&2 <<EOF
pwsh.sh: cannot obtain PowerShell ${PWSH_VERSION}: $1
  Install the .NET SDK (8 or newer, https://dot.net) and run 'bash scripts/pwsh.sh install'
  (or 'npm run tools'): it installs the NuGet .NET tool PowerShell ${PWSH_VERSION} into .tools/pwsh/.
EOF
  exit 1
}

works() {
  [[ -x "$PWSH_BIN" ]] && "$PWSH_BIN" -NoLogo -NoProfile -NonInteractive -Command '$PSVersionTable.PSVersion.ToString()' 2>/dev/null | grep -qx "$PWSH_VERSION"
}

install_tool() {
  works && return 0
  command -v dotnet >/dev/null 2>&1 || how_to_get "no 'dotnet' (the .NET SDK) to install the tool with"
  rm -rf "$TOOL_PATH"
  mkdir -p "$TOOLS/pwsh"
  echo "pwsh.sh: installing the .NET tool PowerShell ${PWSH_VERSION} from NuGet into .tools/pwsh/${PWSH_VERSION}" >&2
  if ! dotnet tool install PowerShell --version "$PWSH_VERSION" --tool-path "$TOOL_PATH" >"$TOOLS/pwsh/install.log" 2>&1; then
    cat "$TOOLS/pwsh/install.log" >&2
    how_to_get "'dotnet tool install PowerShell --version ${PWSH_VERSION}' failed (log above)"
  fi
  works || how_to_get "the installed $PWSH_BIN does not run on this machine"
}

case "${1:-}" in
  install)
    mkdir -p "$TOOLS"
    # Serialised where flock exists: parallel runs may install at the same time.
    if command -v flock >/dev/null 2>&1; then
      (
        flock 9
        install_tool
      ) 9>"$TOOLS/pwsh.lock"
    else
      install_tool
    fi
    echo "$PWSH_BIN"
    ;;
  path)
    works || how_to_get "it is not installed in .tools/pwsh/${PWSH_VERSION}"
    echo "$PWSH_BIN"
    ;;
  *)
    echo "usage: bash scripts/pwsh.sh install | path" >&2
    exit 2
    ;;
esac

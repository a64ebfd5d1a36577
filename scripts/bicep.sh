#!/usr/bin/env bash
# Bicep CLI for this repository: obtains it, lints and compiles every .bicep file under infra/.
#
#   bash scripts/bicep.sh build [--outdir DIR]   lint + build every infra/**/*.bicep; any warning or
#                                                error fails. Compiled ARM JSON goes to .tools/arm/
#                                                (git-ignored; replaced on every build), or into DIR,
#                                                which must be empty or not exist yet; never infra/.
#   bash scripts/bicep.sh version                print the Bicep CLI version in use
#
# The CLI: the file named by $BICEP_CLI if set; else `bicep` on PATH if there is one; else the NuGet
# package Azure.Bicep.CommandLine.<rid> $BICEP_VERSION, restored with the .NET SDK into .tools/.
# BICEP_CLI=nuget always takes the pinned NuGet package (CI does: a runner's own Bicep may be older
# and lack the resource types this template uses).
# If no CLI can be had, the script fails and says how to get one: it never skips the check.
set -euo pipefail

BICEP_VERSION="0.49.2"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
TOOLS="$ROOT/.tools"
INFRA="$ROOT/infra"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

die() {
  echo "bicep.sh: $*" >&2
  exit 1
}

how_to_get() {
  cat >&2 <<EOF
bicep.sh: cannot obtain the Bicep CLI: $1
  Get it one of these ways, then run this again:
  - install the .NET SDK (6 or newer, https://dot.net) so this script can restore the NuGet package
    Azure.Bicep.CommandLine.<rid> ${BICEP_VERSION} into .tools/ by itself;
  - or put a Bicep CLI on PATH as 'bicep' (https://aka.ms/bicep-install, or 'az bicep install'
    and add ~/.azure/bin to PATH), or point BICEP_CLI at the executable.
EOF
  exit 1
}

# Runtime identifier of the NuGet package for this machine.
package_rid() {
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) echo "linux-x64" ;;
    Linux-aarch64 | Linux-arm64) echo "linux-arm64" ;;
    Darwin-x86_64) echo "osx-x64" ;;
    Darwin-arm64) echo "osx-arm64" ;;
    *) return 1 ;;
  esac
}

# Serialises concurrent restores (e.g. parallel test workers) where flock exists.
with_lock() {
  mkdir -p "$TOOLS"
  if command -v flock >/dev/null 2>&1; then
    (
      flock 9
      "$@"
    ) 9>"$TOOLS/bicep.lock"
  else
    "$@"
  fi
}

restore_package() {
  local rid="$1" package="$2" binary="$3"
  [[ -x "$binary" ]] && return 0
  local sdk
  sdk="$(dotnet --version 2>/dev/null)" || how_to_get "'dotnet --version' failed: no usable .NET SDK"
  local major="${sdk%%.*}"
  [[ "$major" =~ ^[0-9]+$ && "$major" -ge 6 ]] || how_to_get ".NET SDK ${sdk} is too old (need 6 or newer)"
  local work="$TOOLS/bicep-restore"
  mkdir -p "$work"
  # A throwaway project whose only job is to download the package into .tools/nuget.
  cat >"$work/bicep-restore.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net${major}.0</TargetFramework>
    <RestorePackagesPath>$TOOLS/nuget</RestorePackagesPath>
  </PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="${package}" Version="[${BICEP_VERSION}]" />
  </ItemGroup>
</Project>
EOF
  echo "bicep.sh: restoring ${package} ${BICEP_VERSION} from NuGet into .tools/nuget (rid ${rid})" >&2
  if ! dotnet restore "$work/bicep-restore.csproj" --packages "$TOOLS/nuget" >"$work/restore.log" 2>&1; then
    cat "$work/restore.log" >&2
    how_to_get "'dotnet restore' of ${package} ${BICEP_VERSION} failed (log above)"
  fi
  [[ -f "$binary" ]] || how_to_get "the restored package has no ${binary#"$ROOT"/}"
  chmod +x "$binary"
}

# Sets BICEP_BIN.
resolve_bicep() {
  local source="auto"
  if [[ "${BICEP_CLI:-}" == "nuget" ]]; then
    source="nuget"
  elif [[ -n "${BICEP_CLI:-}" ]]; then
    [[ -x "$BICEP_CLI" ]] || how_to_get "BICEP_CLI=$BICEP_CLI is not an executable file"
    BICEP_BIN="$BICEP_CLI"
    source="given"
  elif command -v bicep >/dev/null 2>&1; then
    BICEP_BIN="$(command -v bicep)"
    source="path"
  else
    source="nuget"
  fi
  if [[ "$source" == "nuget" ]]; then
    local rid
    rid="$(package_rid)" || how_to_get "no Azure.Bicep.CommandLine package for $(uname -s)-$(uname -m)"
    local package="Azure.Bicep.CommandLine.${rid}"
    local lower
    lower="$(echo "$package" | tr '[:upper:]' '[:lower:]')"
    BICEP_BIN="$TOOLS/nuget/${lower}/${BICEP_VERSION}/tools/bicep"
    if [[ ! -x "$BICEP_BIN" ]]; then
      command -v dotnet >/dev/null 2>&1 || how_to_get "no 'bicep' on PATH and no 'dotnet' to restore ${package} ${BICEP_VERSION} with"
      with_lock restore_package "$rid" "$package" "$BICEP_BIN"
    fi
  fi
  "$BICEP_BIN" --version >/dev/null 2>&1 || how_to_get "'$BICEP_BIN --version' does not run on this machine"
  if [[ "$source" != "nuget" && "$(bicep_version)" != "$BICEP_VERSION" ]]; then
    echo "bicep.sh: note: using Bicep $(bicep_version) from $BICEP_BIN; the repository is checked with ${BICEP_VERSION} (BICEP_CLI=nuget uses that)" >&2
  fi
}

bicep_version() {
  "$BICEP_BIN" --version | sed -n 's/^Bicep CLI version \([^ ]*\).*/\1/p'
}

build_into() {
  local outdir="$1" managed="$2"
  local files
  files="$(cd "$ROOT" && find infra -name '*.bicep' -type f | LC_ALL=C sort)"
  [[ -n "$files" ]] || die "no .bicep files under infra/"
  echo "bicep.sh: Bicep CLI $(bicep_version) ($BICEP_BIN)" >&2
  echo "bicep.sh: files: $(echo "$files" | tr '\n' ' ')" >&2

  local staging
  staging="$(mktemp -d "${TMPDIR:-/tmp}/bicep-arm.XXXXXX")"
  # shellcheck disable=SC2064
  trap "rm -rf '$staging'" EXIT

  local failed=0 output status
  # 1. Linter (infra/bicepconfig.json) over every file. Success prints nothing, so any output is a
  #    finding: warnings count as errors here.
  set +e
  output="$(cd "$INFRA" && "$BICEP_BIN" lint --pattern '**/*.bicep' 2>&1)"
  status=$?
  set -e
  if [[ $status -ne 0 || -n "$output" ]]; then
    echo "$output" >&2
    echo "bicep.sh: lint failed (exit $status)" >&2
    failed=1
  fi

  # 2. Compile every file into the staging folder (compiler diagnostics; same rule: any output fails).
  set +e
  output="$(cd "$INFRA" && "$BICEP_BIN" build --pattern '**/*.bicep' --outdir "$staging" 2>&1)"
  status=$?
  set -e
  if [[ $status -ne 0 || -n "$output" ]]; then
    echo "$output" >&2
    echo "bicep.sh: build failed (exit $status)" >&2
    failed=1
  fi
  while IFS= read -r file; do
    local rel="${file#infra/}"
    if [[ ! -s "$staging/${rel%.bicep}.json" ]]; then
      echo "bicep.sh: build produced no ${rel%.bicep}.json" >&2
      failed=1
    fi
  done <<<"$files"

  if [[ $failed -ne 0 ]]; then
    # Leave no compiled template behind that could be mistaken for a good build. Only a folder
    # under .tools/ is ever removed; a DIR given with --outdir was empty and has not been written.
    if [[ "$managed" -eq 1 ]]; then rm -rf "$outdir"; fi
    die "FAILED: fix the findings above (warnings count as errors)"
  fi

  if [[ "$managed" -eq 1 ]]; then rm -rf "$outdir"; fi
  mkdir -p "$outdir"
  cp -R "$staging"/. "$outdir"/
  echo "bicep.sh: OK: $(echo "$files" | wc -l | tr -d ' ') files linted and built, no warnings; ARM JSON in ${outdir#"$ROOT"/}/" >&2
}

cmd="${1:-}"
shift || true
case "$cmd" in
  build)
    outdir="$TOOLS/arm"
    while [[ $# -gt 0 ]]; do
      case "$1" in
        --outdir)
          [[ $# -ge 2 ]] || die "--outdir needs a directory"
          outdir="$2"
          shift 2
          ;;
        *) die "unknown option for build: $1" ;;
      esac
    done
    lexical="$outdir"
    [[ "$lexical" == /* ]] || lexical="$PWD/$lexical"
    case "$lexical/" in
      "$INFRA"/*) die "--outdir must not be inside infra/ (compiled templates are never committed)" ;;
    esac
    mkdir -p "$outdir" || die "cannot create --outdir $outdir"
    outdir="$(cd "$outdir" && pwd -P)"
    case "$outdir/" in
      "$INFRA"/*) die "--outdir must not be inside infra/ (compiled templates are never committed)" ;;
    esac
    # A folder strictly inside .tools/ belongs to this script and is replaced on every build; any
    # other folder must be empty (or not exist yet) and is only written to, never removed.
    managed=0
    case "$outdir" in
      "$TOOLS"/?*) managed=1 ;;
    esac
    if [[ "$managed" -eq 0 ]]; then
      if [[ -n "$(ls -A "$outdir")" ]]; then
        die "--outdir $outdir must be an empty folder (or one under .tools/, which this script replaces)"
      fi
    fi
    resolve_bicep
    build_into "$outdir" "$managed"
    ;;
  version)
    resolve_bicep
    "$BICEP_BIN" --version
    ;;
  *)
    echo "usage: bash scripts/bicep.sh build [--outdir DIR] | version" >&2
    exit 2
    ;;
esac

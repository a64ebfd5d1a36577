# Runs documented PowerShell examples for test/docs/examples.test.ts, one process per document so
# later examples see the variables of earlier ones, as a reader pasting them in order would.
# Requests arrive one JSON line at a time on stdin; each gets one line on stdout:
#   {"op":"parse","code":…}  parse only (PowerShell's parser), no execution
#   {"op":"run","code":…}    parse, then run dot-sourced in this scope; output is every stream as text
#   {"op":"eval","code":…}   run dot-sourced and answer its value as JSON (the test's probes)
# Reply: @@result {"ok":…,"output":…,"error":…,"value":…}. The runner's own variables start with __
# so no example overwrites them.
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
# A culture whose time separator is a dot: an example that formats dates by the culture breaks here,
# as it does for a reader in Finland.
[cultureinfo]::CurrentCulture = [cultureinfo]::GetCultureInfo('fi-FI')

while ($null -ne ($__line = [Console]::In.ReadLine())) {
  $__request = $__line | ConvertFrom-Json
  $__reply = [ordered]@{ ok = $true; output = ''; error = $null; value = $null }
  $__parseErrors = $null
  $null = [System.Management.Automation.Language.Parser]::ParseInput($__request.code, [ref] $null, [ref] $__parseErrors)
  if ($__parseErrors.Count -gt 0) {
    $__reply.ok = $false
    $__reply.error = ($__parseErrors | ForEach-Object { "line $($_.Extent.StartLineNumber): $($_.Message)" }) -join '; '
  } elseif ($__request.op -eq 'run') {
    try {
      $__reply.output = . ([scriptblock]::Create($__request.code)) *>&1 | Out-String -Width 400
    } catch {
      $__reply.ok = $false
      $__reply.error = "$($_.Exception.GetType().Name): $_ (line $($_.InvocationInfo.ScriptLineNumber))"
    }
  } elseif ($__request.op -eq 'eval') {
    try {
      $__reply.value = . ([scriptblock]::Create($__request.code))
    } catch {
      $__reply.ok = $false
      $__reply.error = "$($_.Exception.GetType().Name): $_"
    }
  }
  [Console]::Out.WriteLine('@@result ' + ($__reply | ConvertTo-Json -Compress -Depth 6))
  [Console]::Out.Flush()
}

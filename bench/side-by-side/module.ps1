# The module's ways: Get-PolarSample | Export-Csv, Export-PolarSample in a format (or one CSV file per session), or Get-PolarSample alone (Discard).
param([string] $Module, [string] $BaseUri, [string] $IdFile, [string] $Path, [string] $Mode, [string] $Format = 'Csv', [int] $ThrottleLimit)
$ErrorActionPreference = 'Stop'
Import-Module $Module
Connect-PolarTeamPro -AccessToken (ConvertTo-SecureString -String 'bench' -AsPlainText -Force) -ApiBaseUri $BaseUri | Out-Null
# Without -ThrottleLimit the cmdlets' default applies.
$throttle = if ($PSBoundParameters.ContainsKey('ThrottleLimit')) { @{ ThrottleLimit = $ThrottleLimit } } else { @{} }
$sessions = Get-Content $IdFile | ForEach-Object { [pscustomobject]@{ PlayerSessionId = $_ } }
switch ($Mode) {
    'GetExportCsv' { $sessions | Get-PolarSample @throttle | Export-Csv -Path $Path -NoTypeInformation }
    'Export' { $sessions | Export-PolarSample -Path $Path -Format $Format @throttle }
    'ExportPerSession' { $sessions | Export-PolarSample -Path $Path -PerSession -Format Csv @throttle }
    'Discard' { $sessions | Get-PolarSample @throttle | Out-Null }
}

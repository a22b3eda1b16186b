# The module's ways: Get-PolarSample | Export-Csv, or Export-PolarSample in a format, or Get-PolarSample alone (-Count).
param([string] $Module, [string] $BaseUri, [string] $IdFile, [string] $Path, [string] $Mode, [string] $Format = 'Csv', [int] $ThrottleLimit = 4)
$ErrorActionPreference = 'Stop'
Import-Module $Module
Connect-PolarTeamPro -AccessToken (ConvertTo-SecureString -String 'bench' -AsPlainText -Force) -ApiBaseUri $BaseUri | Out-Null
$sessions = Get-Content $IdFile | ForEach-Object { [pscustomobject]@{ PlayerSessionId = $_ } }
switch ($Mode) {
    'GetExportCsv' { $sessions | Get-PolarSample -ThrottleLimit $ThrottleLimit | Export-Csv -Path $Path -NoTypeInformation }
    'Export' { $sessions | Export-PolarSample -Path $Path -Format $Format -ThrottleLimit $ThrottleLimit }
    'Count' { $n = 0; $sessions | Get-PolarSample -ThrottleLimit $ThrottleLimit | ForEach-Object { $n++ }; "rows: $n" }
}

# The module's ways: Get-PolarSample | Export-Csv, Export-PolarSample in a format, or Get-PolarSample alone (Discard).
param([string] $Module, [string] $BaseUri, [string] $IdFile, [string] $Path, [string] $Mode, [string] $Format = 'Csv', [int] $ThrottleLimit = 4)
$ErrorActionPreference = 'Stop'
Import-Module $Module
Connect-PolarTeamPro -AccessToken (ConvertTo-SecureString -String 'bench' -AsPlainText -Force) -ApiBaseUri $BaseUri | Out-Null
$sessions = Get-Content $IdFile | ForEach-Object { [pscustomobject]@{ PlayerSessionId = $_ } }
switch ($Mode) {
    'GetExportCsv' { $sessions | Get-PolarSample -ThrottleLimit $ThrottleLimit | Export-Csv -Path $Path -NoTypeInformation }
    'Export' { $sessions | Export-PolarSample -Path $Path -Format $Format -ThrottleLimit $ThrottleLimit }
    'Discard' { $sessions | Get-PolarSample -ThrottleLimit $ThrottleLimit | Out-Null }
}

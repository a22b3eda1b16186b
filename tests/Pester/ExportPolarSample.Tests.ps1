#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Export-PolarSample in the built module, each case in a fresh PowerShell: CSV and Parquet on PowerShell 7.4+ (the
# net8.0 engine build). The netstandard2.0 build (what Windows PowerShell 5.1 loads), its Parquet error and its files
# byte for byte against these: NetStandardEngine.Tests.ps1.

BeforeAll {
    $script:modulePath = if ($env:SPORTSDATA_MODULE_PATH) { $env:SPORTSDATA_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/SportsData' }
    . (Join-Path $PSScriptRoot 'ChildPowerShell.ps1')

    function Invoke-Fresh([string] $Module, [string] $Body) {
        $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$Module'
Connect-PolarTeamPro -Sandbox
Set-Location '$TestDrive'
$Body
"@
        Invoke-ChildPowerShell -NoProfile -NonInteractive -Command $script 2>&1 | ForEach-Object { "$_" }
    }
}

Describe 'Export-PolarSample' {
    It 'writes CSV rows that match Get-PolarSample, with millisecond times and only the requested columns' {
        $output = Invoke-Fresh (Join-Path $modulePath 'SportsData.psd1') @'
$participant = (Get-PolarTeam -First 1 | Get-PolarTeamSession -First 1 | Get-PolarTeamSession).Participants[0]
$file = $participant | Export-PolarSample -Path one.csv -SampleType HR -PassThru
$rows = Import-Csv one.csv
$samples = @($participant | Get-PolarSample -Type HR)
'rows:' + ($rows.Count -eq $samples.Count -and $file.Rows -eq $samples.Count)
'columns:' + ($rows[0].PSObject.Properties.Name -join ',')
'time:' + ($rows[1].time -eq $samples[1].Time.ToString('yyyy-MM-ddTHH:mm:ss.fff'))
'hr:' + (@(0..($samples.Count - 1) | Where-Object { "$($samples[$_].HeartRate)" -ne $rows[$_].heart_rate }).Count)
'@
        $output | Should -Contain 'rows:True'
        $output | Should -Contain 'columns:team_session_id,player_session_id,player_id,time,offset_ms,heart_rate'
        $output | Should -Contain 'time:True'
        $output | Should -Contain 'hr:0'
    }

    It 'writes Parquet on PowerShell 7.4+ with the net8.0 engine' {
        $output = Invoke-Fresh (Join-Path $modulePath 'SportsData.psd1') @'
$file = Get-PolarTeam -First 1 | Get-PolarTeamSession -First 1 | Export-PolarSample -Path s.parquet -PassThru
$bytes = [IO.File]::ReadAllBytes((Join-Path $PWD 's.parquet'))
'magic:' + ([Text.Encoding]::ASCII.GetString($bytes, 0, 4) + [Text.Encoding]::ASCII.GetString($bytes, $bytes.Length - 4, 4))
'rows:' + ($file.Rows -gt 0)
'engine:' + [IO.Path]::GetFileName([IO.Path]::GetDirectoryName(([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'SportsData.Core' }).Location))
'@
        $output | Should -Contain 'magic:PAR1PAR1'
        $output | Should -Contain 'rows:True'
        $output | Should -Contain 'engine:net8.0'
    }
}

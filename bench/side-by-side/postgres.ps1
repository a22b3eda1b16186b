# Publish-SportsDataset as a whole process: import, connect, load every sample file of the dataset. The password comes
# from PGPASSWORD here (run.sh sets it); a scheduled task would take it from Get-Secret or Import-Clixml.
param([string] $Module, [string] $Path, [string] $ConnectionString)
$ErrorActionPreference = 'Stop'
Import-Module $Module
$credential = [pscredential]::new('postgres', (ConvertTo-SecureString -String $env:PGPASSWORD -AsPlainText -Force))
$result = Publish-SportsDataset -Path $Path -ConnectionString $ConnectionString -Credential $credential
if ($result.Failed -gt 0) { exit 1 }

#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# The module must load and work after another module loaded older versions of its dependencies.
# Each case runs in a fresh pwsh process, as a user's session would be.

BeforeAll {
    $script:modulePath = if ($env:SPORTSDATA_MODULE_PATH) { $env:SPORTSDATA_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/SportsData' }
    $script:conflictDir = Join-Path $TestDrive 'other-module'
    $project = Join-Path $PSScriptRoot '../ConflictingDependencies/ConflictingDependencies.csproj'
    & dotnet build $project -c Release -o $conflictDir --nologo -v quiet | Out-Null
    if ($LASTEXITCODE -ne 0) { throw "Could not build $project" }
    . (Join-Path $PSScriptRoot 'ChildPowerShell.ps1')

    function Invoke-FreshSession([string] $Module) {
        $script = @"
`$ErrorActionPreference = 'Stop'
Add-Type -Path '$conflictDir/Microsoft.Extensions.Http.dll', '$conflictDir/System.Text.Json.dll', '$conflictDir/ConflictingDependencies.dll' -ErrorAction SilentlyContinue
Add-Type -Path '$conflictDir/Microsoft.Extensions.DependencyInjection.dll', '$conflictDir/Microsoft.Extensions.DependencyInjection.Abstractions.dll', '$conflictDir/Microsoft.Extensions.Options.dll', '$conflictDir/Microsoft.Extensions.Logging.dll', '$conflictDir/Microsoft.Extensions.Logging.Abstractions.dll', '$conflictDir/Microsoft.Extensions.Primitives.dll' -ErrorAction SilentlyContinue
'other:' + [ConflictingDependencies.OtherModule]::Versions()
Import-Module '$Module'
Connect-PolarTeamPro -Sandbox
'teams:' + (Get-PolarTeam).Count
"@
        Invoke-ChildPowerShell -NoProfile -NonInteractive -Command $script 2>&1 | ForEach-Object { "$_" }
    }
}

Describe 'Dependency isolation' {
    It 'works after another module loaded Microsoft.Extensions.Http 6' {
        $output = Invoke-FreshSession (Join-Path $modulePath 'SportsData.psd1')
        $output | Should -Contain 'teams:2'
        ($output | Where-Object { $_ -like 'other:*' }) | Should -BeLike 'other:6.0.0.0;*'
    }

    It 'would fail without isolation (the same files in one flat folder)' {
        $flat = Join-Path $TestDrive 'flat/SportsData'
        $null = New-Item -ItemType Directory -Path $flat -Force
        Copy-Item (Join-Path $modulePath '*') $flat -Recurse
        Move-Item (Join-Path $flat 'dependencies/net8.0/*') $flat -Force
        Remove-Item (Join-Path $flat 'dependencies') -Recurse -Force
        $output = Invoke-FreshSession (Join-Path $flat 'SportsData.psd1')
        $output | Should -Not -Contain 'teams:2'
        ($output -join "`n") | Should -Match 'Could not load file or assembly|Method not found|Microsoft.Extensions'
    }

    It 'keeps engine types out of cmdlet parameters and outputs' {
        Import-Module (Join-Path $modulePath 'SportsData.psd1') -Force
        $commands = Get-Command -Module SportsData
        foreach ($command in $commands) {
            foreach ($parameter in $command.Parameters.Values) {
                $parameter.ParameterType.Assembly.GetName().Name | Should -Not -BeIn @('SportsData.Core', 'SportsData.Sandbox') -Because "$($command.Name) -$($parameter.Name)"
            }
            foreach ($type in $command.OutputType.Type) {
                $type.Assembly.GetName().Name | Should -Not -BeIn @('SportsData.Core', 'SportsData.Sandbox') -Because "$($command.Name) output"
            }
        }
    }
}

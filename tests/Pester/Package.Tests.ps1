#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# The Gallery package that './build.ps1 -Task Package' writes (skipped when only the module was built).

BeforeDiscovery {
    $script:package = Get-ChildItem -Path (Join-Path $PSScriptRoot '../../out') -Filter 'SportsData.*.nupkg' -ErrorAction SilentlyContinue | Select-Object -First 1
}

Describe 'Gallery package' -Skip:(-not $package) {
    BeforeAll {
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $script:nupkg = (Get-ChildItem -Path (Join-Path $PSScriptRoot '../../out') -Filter 'SportsData.*.nupkg' | Select-Object -First 1).FullName
        $zip = [System.IO.Compression.ZipFile]::OpenRead($nupkg)
        try {
            $script:entries = $zip.Entries.FullName
            $reader = [System.IO.StreamReader]::new(($zip.Entries | Where-Object FullName -eq 'SportsData.nuspec').Open())
            $script:nuspec = [xml]$reader.ReadToEnd()
            $reader.Dispose()
        }
        finally {
            $zip.Dispose()
        }
        $modulePath = if ($env:SPORTSDATA_MODULE_PATH) { $env:SPORTSDATA_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/SportsData' }
        $script:manifest = Import-PowerShellDataFile (Join-Path $modulePath 'SportsData.psd1')
    }

    It 'holds the module at the package root, dependencies in their subfolder, and the help' {
        $entries | Should -Contain 'SportsData.psd1'
        $entries | Should -Contain 'SportsData.PowerShell.dll'
        $entries | Should -Contain 'dependencies/netstandard2.0/System.Text.Json.dll'
        $entries | Should -Contain 'dependencies/netstandard2.0/SportsData.Core.dll'
        $entries | Should -Contain 'dependencies/net8.0/SportsData.Core.dll'
        $entries | Should -Contain 'dependencies/net8.0/Parquet.dll'
        $entries | Should -Contain 'dependencies/net8.0/SportsData.Sandbox.dll'
        $entries | Should -Contain 'en-US/SportsData.PowerShell.dll-Help.xml'
        $entries | Should -Contain 'en-US/about_SportsData.help.txt'
    }

    It 'carries the manifest version and the tags the Gallery indexes' {
        $nuspec.package.metadata.version | Should -Be $manifest.ModuleVersion
        $tags = $nuspec.package.metadata.tags -split ' '
        $tags | Should -Contain 'PSModule'
        $tags | Should -Contain 'PSCmdlet_Get-PolarTeam'
        $tags | Should -Contain 'PSEdition_Core'
    }
}

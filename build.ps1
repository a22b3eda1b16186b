<#
.SYNOPSIS
    Builds, tests and packages the SportsData module.
.DESCRIPTION
    Build   : compiles the solution (Release) and assembles the importable module folder out/SportsData.
    Help    : Build, then turns docs/help (PlatyPS markdown) into MAML help in the module folder, when PlatyPS is installed.
    Test    : Build and Package, then runs the xunit suites (dotnet test) and the Pester suite in tests/Pester in this
              PowerShell, and ends with one line 'N passed, N failed, N skipped' over both; exits 1 when any test
              failed. Pester 5.5+ is used when installed; otherwise Pester 5.9.1 is restored from NuGet into .tools/
              (build/TestTools.csproj). The whole suite on a machine with only the .NET SDK:
                  dotnet tool restore && dotnet pwsh -NoProfile -File ./build.ps1 -Task Test
    Package : Build and Help, then writes out/SportsData.<version>.nupkg that Publish-Module / the Gallery accept.
    Clean   : removes out/ and the build outputs.
.EXAMPLE
    ./build.ps1
    Import-Module ./out/SportsData
.EXAMPLE
    ./build.ps1 -Task Test
#>
[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSReviewUnusedParameter', 'Configuration', Justification = 'Used by the task functions below.')]
[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSReviewUnusedParameter', 'Version', Justification = 'Used by the task functions below.')]
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Help', 'Test', 'Package', 'Clean')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Stamped into the manifest and the assemblies; defaults to the manifest's ModuleVersion.
    [version] $Version
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$root = $PSScriptRoot
$outRoot = Join-Path $root 'out'
$moduleDir = Join-Path $outRoot 'SportsData'
$manifestSource = Join-Path $root 'SportsData.psd1'

function Get-ModuleVersion {
    if ($Version) { return $Version }
    $data = Import-PowerShellDataFile -Path $manifestSource
    return [version]$data.ModuleVersion
}

function Invoke-Dotnet {
    param([Parameter(Mandatory)][string[]] $Arguments)
    & dotnet @Arguments
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($Arguments -join ' ') failed with exit code $LASTEXITCODE." }
}

function Invoke-Build {
    $moduleVersion = Get-ModuleVersion
    Invoke-Dotnet -Arguments @('build', (Join-Path $root 'SportsData.sln'), '-c', $Configuration, "-p:Version=$moduleVersion", '--nologo')
    Invoke-Dotnet -Arguments @('publish', (Join-Path $root 'src/SportsData.PowerShell/SportsData.PowerShell.csproj'), '-c', $Configuration,
        "-p:Version=$moduleVersion", '-o', (Join-Path $outRoot 'publish'), '--nologo')

    if (Test-Path $moduleDir) { Remove-Item $moduleDir -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $moduleDir
    # Only the cmdlets and the types they expose load in PowerShell's own context; the engine and its dependencies
    # go to a subfolder that ModuleInitializer isolates (AssemblyLoadContext on 7, resolve handler on 5.1), one build
    # per runtime: dependencies/net8.0 (PowerShell 7.4+, with Parquet) and dependencies/netstandard2.0 (Windows
    # PowerShell 5.1, PowerShell 7.2/7.3). The loader picks one at import.
    $published = Join-Path $outRoot 'publish'
    $publishedNet8 = Join-Path $outRoot 'publish-net8.0'
    Invoke-Dotnet -Arguments @('publish', (Join-Path $root 'src/SportsData.Core/SportsData.Core.csproj'), '-c', $Configuration, '-f', 'net8.0',
        "-p:Version=$moduleVersion", '-o', $publishedNet8, '--nologo')
    $dependencies = New-Item -ItemType Directory -Path (Join-Path $moduleDir 'dependencies')
    $standard = New-Item -ItemType Directory -Path (Join-Path $dependencies.FullName 'netstandard2.0')
    $net8 = New-Item -ItemType Directory -Path (Join-Path $dependencies.FullName 'net8.0')
    $sharedAssemblies = 'SportsData.PowerShell.dll', 'SportsData.Models.dll', 'SportsData.Loader.dll'
    foreach ($assembly in Get-ChildItem -Path $published -Filter '*.dll') {
        $destination = if ($sharedAssemblies -contains $assembly.Name) { $moduleDir } else { $standard.FullName }
        Copy-Item -Path $assembly.FullName -Destination $destination
    }
    foreach ($assembly in Get-ChildItem -Path $publishedNet8 -Filter '*.dll') {
        if ($sharedAssemblies -notcontains $assembly.Name) { Copy-Item -Path $assembly.FullName -Destination $net8.FullName }
    }
    # The simulator is netstandard2.0 only; the net8.0 engine uses it as is.
    Copy-Item -Path (Join-Path $published 'SportsData.Sandbox.dll') -Destination $net8.FullName
    foreach ($extra in 'SportsData.format.ps1xml', 'SportsData.types.ps1xml', 'LICENSE') {
        $path = Join-Path $root $extra
        if (Test-Path $path) { Copy-Item $path -Destination $moduleDir }
    }
    $aboutDir = Join-Path $root 'docs/about'
    if (Test-Path $aboutDir) {
        $null = New-Item -ItemType Directory -Path (Join-Path $moduleDir 'en-US') -Force
        Get-ChildItem $aboutDir -Filter 'about_*.help.txt' | Copy-Item -Destination (Join-Path $moduleDir 'en-US')
    }
    $shippedHelp = Join-Path $root 'docs/maml/en-US'
    if (Test-Path $shippedHelp) {
        $null = New-Item -ItemType Directory -Path (Join-Path $moduleDir 'en-US') -Force
        Get-ChildItem $shippedHelp -Filter '*.xml' | Copy-Item -Destination (Join-Path $moduleDir 'en-US')
    }

    $manifestText = Get-Content -Path $manifestSource -Raw
    $manifestText = $manifestText -replace "ModuleVersion\s*=\s*'[^']*'", "ModuleVersion          = '$moduleVersion'"
    Set-Content -Path (Join-Path $moduleDir 'SportsData.psd1') -Value $manifestText -Encoding utf8
    Write-Information -InformationAction Continue -MessageData "Module $moduleVersion assembled in $moduleDir"
}

function Invoke-Help {
    if (-not (Get-Module -ListAvailable -Name platyPS)) {
        Write-Warning 'PlatyPS is not installed: the MAML help already committed in docs/maml ships instead. Install-Module platyPS to regenerate it.'
        return
    }
    Import-Module platyPS
    $maml = Join-Path $root 'docs/maml/en-US'
    $null = New-ExternalHelp -Path (Join-Path $root 'docs/help') -OutputPath $maml -Force
    Copy-Item (Join-Path $maml '*.xml') -Destination (New-Item -ItemType Directory -Path (Join-Path $moduleDir 'en-US') -Force)
    Write-Information -InformationAction Continue -MessageData "MAML help written to $maml and the module folder."
}

function Import-Pester {
    # Pester 5.5 or later (not 6) installed for this PowerShell, else the one build/TestTools.csproj restores from NuGet.
    $pester = Get-Module -ListAvailable -Name Pester | Where-Object { $_.Version -ge [version]'5.5' -and $_.Version.Major -eq 5 } |
        Sort-Object Version -Descending | Select-Object -First 1
    if (-not $pester) {
        Write-Information -InformationAction Continue -MessageData 'No Pester 5.5+ installed: restoring Pester from NuGet into .tools/.'
        Invoke-Dotnet -Arguments @('restore', (Join-Path $root 'build/TestTools.csproj'), '--nologo')
        $pester = Get-ChildItem -Path (Join-Path $root '.tools/packages/pester/*/tools/Pester.psd1') -ErrorAction SilentlyContinue |
            Sort-Object { [version](Split-Path (Split-Path (Split-Path $_.FullName)) -Leaf) } -Descending | Select-Object -First 1
        if (-not $pester) { throw 'Pester was not restored into .tools/packages/pester: see the dotnet restore output above.' }
    }
    $path = if ($pester -is [System.Management.Automation.PSModuleInfo]) { $pester.Path } else { $pester.FullName }
    Import-Module $path -Force -PassThru | ForEach-Object { Write-Information -InformationAction Continue -MessageData "Pester $($_.Version) from $($_.ModuleBase)" }
}

function Get-XunitCount {
    # Passed, failed and skipped tests in the TRX files of one dotnet test run.
    param([Parameter(Mandatory)][string] $ResultsDirectory)
    $count = [pscustomobject]@{ Passed = 0; Failed = 0; Skipped = 0; Files = 0 }
    foreach ($file in Get-ChildItem -Path $ResultsDirectory -Filter '*.trx' -Recurse -ErrorAction SilentlyContinue) {
        $counters = ([xml](Get-Content -Path $file.FullName -Raw)).TestRun.ResultSummary.Counters
        $count.Files++
        $count.Passed += [int]$counters.passed
        $count.Failed += [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
        $count.Skipped += [int]$counters.notExecuted
    }
    $count
}

function Invoke-Test {
    $results = Join-Path $outRoot 'TestResults'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    & dotnet test (Join-Path $root 'SportsData.sln') -c $Configuration --no-build --nologo --logger trx --results-directory $results
    $xunitExit = $LASTEXITCODE
    $xunit = Get-XunitCount -ResultsDirectory $results

    Import-Pester
    $env:SPORTSDATA_MODULE_PATH = $moduleDir
    $config = New-PesterConfiguration
    $config.Run.Path = Join-Path $root 'tests/Pester'
    $config.Run.Exit = $false
    $config.Run.PassThru = $true
    $config.Output.Verbosity = 'Detailed'
    # The tests run as they would in a user's session, not under this script's strict mode.
    $pester = & { Set-StrictMode -Off; Invoke-Pester -Configuration $config }

    $passed = $xunit.Passed + $pester.PassedCount
    $skipped = $xunit.Skipped + $pester.SkippedCount + $pester.NotRunCount
    # A file that fails before its tests run, or a failing BeforeAll/AfterAll whose tests are not counted, is a failure too.
    $failedTestFiles = @($pester.Failed | ForEach-Object { $_.ScriptBlock.File })
    $pesterFailures = $pester.FailedCount +
        @($pester.Containers | Where-Object { $_.Result -eq 'Failed' -and $failedTestFiles -notcontains "$($_.Item)" }).Count
    if ($pesterFailures -eq 0 -and $pester.Result -ne 'Passed') { $pesterFailures = 1 }
    $xunitFailures = $xunit.Failed
    if ($xunitExit -ne 0 -and $xunitFailures -eq 0) {
        Write-Warning "dotnet test exited with $xunitExit and recorded no failed test ($($xunit.Files) result file(s)): counted as one failure."
        $xunitFailures = 1
    }
    Write-Information -InformationAction Continue -MessageData "xunit: $($xunit.Passed) passed, $xunitFailures failed, $($xunit.Skipped) skipped; Pester: $($pester.PassedCount) passed, $pesterFailures failed, $($pester.SkippedCount + $pester.NotRunCount) skipped"
    Write-Information -InformationAction Continue -MessageData "$passed passed, $($xunitFailures + $pesterFailures) failed, $skipped skipped"
    if ($xunitFailures + $pesterFailures -gt 0) { exit 1 }
}

function Invoke-Package {
    # A NuGet package as the PowerShell Gallery expects it: the module folder at the package root and a nuspec
    # whose metadata comes from the manifest (tags include PSModule and one PSCmdlet_/PSCommand_ per cmdlet).
    $moduleVersion = Get-ModuleVersion
    $manifest = Import-PowerShellDataFile -Path (Join-Path $moduleDir 'SportsData.psd1')
    $psData = $manifest.PrivateData.PSData
    $tags = @('PSModule', 'PSIncludes_Cmdlet') + $psData.Tags
    $tags += $manifest.CmdletsToExport | ForEach-Object { "PSCmdlet_$_"; "PSCommand_$_" }
    $staging = Join-Path $outRoot 'package'
    if (Test-Path $staging) { Remove-Item $staging -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $staging
    $escape = { param($text) [System.Security.SecurityElement]::Escape([string]$text) }
    $nuspec = @"
<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://schemas.microsoft.com/packaging/2011/08/nuspec.xsd">
  <metadata>
    <id>SportsData</id>
    <version>$moduleVersion</version>
    <authors>$(& $escape $manifest.Author)</authors>
    <owners>$(& $escape $manifest.CompanyName)</owners>
    <requireLicenseAcceptance>false</requireLicenseAcceptance>
    <licenseUrl>$(& $escape $psData.LicenseUri)</licenseUrl>
    <projectUrl>$(& $escape $psData.ProjectUri)</projectUrl>
    <description>$(& $escape $manifest.Description)</description>
    <releaseNotes>$(& $escape $psData.ReleaseNotes)</releaseNotes>
    <copyright>$(& $escape $manifest.Copyright)</copyright>
    <tags>$(& $escape ($tags -join ' '))</tags>
  </metadata>
  <files>
    <file src="$(& $escape $moduleDir)/**" target="" />
  </files>
</package>
"@
    $nuspecPath = Join-Path $staging 'SportsData.nuspec'
    Set-Content -Path $nuspecPath -Value $nuspec -Encoding utf8
    $projectPath = Join-Path $staging 'SportsData.Package.csproj'
    Set-Content -Path $projectPath -Encoding utf8 -Value @"
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>netstandard2.0</TargetFramework>
    <NuspecFile>$(& $escape $nuspecPath)</NuspecFile>
    <NoBuild>true</NoBuild>
    <IncludeBuildOutput>false</IncludeBuildOutput>
    <NoWarn>NU5100;NU5110;NU5111;NU5125</NoWarn>
  </PropertyGroup>
</Project>
"@
    Invoke-Dotnet -Arguments @('restore', $projectPath, '--nologo')
    Invoke-Dotnet -Arguments @('pack', $projectPath, '-o', $outRoot, '--nologo')
    $package = Join-Path $outRoot "SportsData.$moduleVersion.nupkg"
    if (-not (Test-Path $package)) { throw "Packing did not produce $package." }
    Write-Information -InformationAction Continue -MessageData "Package written: $package (Publish-Module -Path $moduleDir, or push this file to the Gallery)"
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Help' { Invoke-Build; Invoke-Help }
    'Test' { Invoke-Build; Invoke-Package; Invoke-Test }
    'Package' { Invoke-Build; Invoke-Help; Invoke-Package }
    'Clean' {
        if (Test-Path $outRoot) { Remove-Item $outRoot -Recurse -Force }
        Invoke-Dotnet -Arguments @('clean', (Join-Path $root 'SportsData.sln'), '--nologo')
    }
}

# Runs the ops program under PowerShell 7 on Windows, Linux or macOS (and Windows PowerShell 5.1).
# It is rebuilt only when a source or project file changed since the last build, so a call costs
# the program's own start-up rather than a `dotnet run` every time.
$ErrorActionPreference = 'Stop'
$root = $PSScriptRoot
$out = Join-Path $root '.build/bin'
# Its own stamp: build.sh's holds no file list.
$stamp = Join-Path $root '.build/built-ps1'
# $IsWindows exists from PowerShell 6 on; Windows PowerShell 5.1 only runs on Windows.
$onWindows = ($PSVersionTable.PSVersion.Major -lt 6) -or $IsWindows
$program = Join-Path $out $(if ($onWindows) { 'Build.exe' } else { 'Build' })

# The inputs: every source and project file. Their list is kept in the stamp, so an added or
# deleted file counts as a change just like an edited one.
function Get-Inputs {
    $files = @('build', 'frosting', 'tasks') | ForEach-Object { Get-ChildItem (Join-Path $root $_) -Recurse -File } |
        Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' -and $_.Extension -in '.cs', '.csproj', '.props', '.targets', '.json' }
    $files += @('global.json', 'Directory.Build.props', 'Directory.Build.targets') | ForEach-Object { Get-Item (Join-Path $root $_) }
    return $files | Sort-Object FullName
}

function Get-Listing($inputs) { return ($inputs.FullName -join "`n") + "`n" }

function Test-Stale($inputs) {
    if (-not (Test-Path $program) -or -not (Test-Path $stamp)) { return $true }
    if ([IO.File]::ReadAllText($stamp) -ne (Get-Listing $inputs)) { return $true }
    $built = (Get-Item $stamp).LastWriteTimeUtc
    return [bool]($inputs | Where-Object { $_.LastWriteTimeUtc -gt $built } | Select-Object -First 1)
}

$inputs = Get-Inputs
if (Test-Stale $inputs) {
    New-Item -ItemType Directory -Force $out | Out-Null
    # Stamp the start, so a file saved during the build makes the next call build again.
    $started = Get-Date
    # The build's own output goes to stderr, so a --format=json run keeps stdout for the program.
    dotnet build (Join-Path $root 'build/Build.csproj') --configuration Release --output $out --nologo `
        --verbosity quiet '-consoleLoggerParameters:ErrorsOnly;NoSummary' 2>&1 | ForEach-Object { [Console]::Error.WriteLine($_) }
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
    [IO.File]::WriteAllText($stamp, (Get-Listing $inputs))
    (Get-Item $stamp).LastWriteTime = $started
}

& $program @args
exit $LASTEXITCODE

#!/usr/bin/env bash
# Mutation testing of the security-critical pure classes: each small, realistic bug below (a boundary
# moved, a condition negated, a check's literal changed, a refusal removed) is planted alone in a
# copy of the tree, the tasks project is rebuilt and the class's covering tests run; a mutant is
# killed when they fail (or time out). Prints the score per class and every surviving mutant.
#
#   scripts/mutation.sh                  every class below
#   scripts/mutation.sh ShellQuote ...   only the classes whose file name matches
#
# dotnet-stryker 5.1.0 was tried first: its analysis reported a failed simulated build for every
# project (xunit v3, .NET 10) and it had not finished its own first build after 10 minutes on the
# shared machine, hence this script. Not run by CI: it recompiles the tasks project once per mutant.
#
# Measured on the 2-core shared machine: a whole MSBuild build per mutant cost 28.5 s a mutant
# (VerifyOutputParser: 11 mutants in 314 s); the compiler server now costs 2.5 s a compile when warm
# and idle, the covering tests 1 to 3 s, so 3 to 3.5 s a mutant (HostState 4 in 12 s, ShellQuote 21
# in 73 s): about 50 minutes for the 839 mutants on a quiet machine, SecretsArchive's encrypted
# archives (about 1 s of key derivation each) aside. Under another build's load (load average 25 to
# 40) it was 8 to 18 s a mutant. A mutated const is not seen by the tests, which were compiled with
# its value: only behaviour that goes through the class notices it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Read whole before it runs, so editing this file (the equivalent mutants) during a run is safe.
{

# The classes and the test classes that cover them, fewest mutants first. Plain relative paths, so a
# folder move can sed them.
CLASSES=(
  "tasks/Backup/Duplicity/VerifyOutputParser.cs DuplicityOutputParserTests"
  "tasks/Stacks/Snapshots/HostState.cs RunningSnapshotTests"
  "tasks/Plumbing/Remote/ShellQuote.cs ShellQuoteTests"
  "tasks/Plumbing/Remote/KnownHosts.cs KnownHostsTests"
  "tasks/Backup/Duplicity/CollectionStatusParser.cs DuplicityOutputParserTests"
  "tasks/Plumbing/Secrets/SecretRedactor.cs SecretRedactorTests,SecretDetectionTests.Flags_booleans_and_short_values_named_like_secrets_warn_naming_the_variable_and_are_not_masked,SecretDetectionTests.A_secret_setting_from_the_environment_is_masked_unless_it_cannot_be"
  "tasks/Stacks/Snapshots/RunningSnapshot.cs RunningSnapshotTests"
  "tasks/Checks/Endpoints/CertificateJudge.cs CertificateJudgeTests"
  "tasks/Stacks/Releases/StackFiles.cs StackFilesTests"
  "tasks/Host/GiteaSsh/GiteaSshPlan.cs GiteaSshPlanTests"
  "tasks/Backup/Archive/SecretsArchive.cs SecretsArchiveTests.Entries_that_could_escape_the_target_are_refused,SecretsArchiveTests.Secrets_round_trip_through_a_0600_archive_with_a_manifest,SecretsArchiveTests.Existing_files_are_not_overwritten_without_force,SecretsArchiveTests.A_changed_entry_fails_verification_and_is_not_restored"
  "tasks/Plumbing/Remote/KnownHostsEntry.cs KnownHostsTests"
  "tasks/Plumbing/DotEnv/DotEnvParser.cs DotEnvParserTests"
  "tasks/Configuration/Templates/TemplateParser.cs TemplateRendererTests"
)

# Mutants that change nothing a caller can observe, so no test can kill them:
# "file|mutation|a fragment of the mutated line  why it is equivalent".
EQUIVALENT=(
  "ShellQuote.cs|'Ordinal' -> 'OrdinalIgnoreCase'|value.Replace(  a single quote has no case"
  "SecretRedactor.cs|'Ordinal' -> 'OrdinalIgnoreCase'|secret.Contains('\\n'  a newline has no case"
  "SecretRedactor.cs|return; removed, under if (added.Count == 0)|  with nothing added, the list rebuilt after it is the same list"
  "CollectionStatusParser.cs|'\\r' changed|TrimEnd  every header is matched by its start and a set line's pattern ends in \\s*, which takes a CR"
  "KnownHosts.cs|'\\r' changed|TrimEnd  a stray CR can only end the key or the comment, and base64 decoding skips whitespace"
  "KnownHostsEntry.cs|1 -> 2|(KnownHostsMarker)(-  any value outside the enum stands for an unknown marker, which Enum.IsDefined refuses"
  "KnownHostsEntry.cs|'Ordinal' -> 'OrdinalIgnoreCase'|StartsWith(HashedPrefix  the prefix |1| has no letters"
  "RunningSnapshot.cs|'Ordinal' -> 'OrdinalIgnoreCase'|values.Order(StringComparer.OrdinalIgnoreCase  config hashes and container ids are lowercase hex, whose ordinal and case-blind orders agree"
  "RunningSnapshot.cs|'Ordinal' -> 'OrdinalIgnoreCase'|Distinct().Order(StringComparer.OrdinalIgnoreCase  config hashes are lowercase hex, whose ordinal and case-blind orders agree"
  "RunningSnapshot.cs|' > ' -> ' >= '|h.Length >= 12  a hash of exactly 12 characters is shown whole either way"
)

# A mutant that loops forever is killed by a timeout: ten times what the class's tests took on the
# unmutated code, at least 30 s (the machine may be busy), unless TEST_TIMEOUT gives one. A fixed
# 180 s made every looping mutant of the parsers cost three minutes.
TEST_TIMEOUT="${TEST_TIMEOUT:-}"

# The tree as it is now, committed or not, copied to a folder kept between runs so the next run
# rebuilds only what changed: the working tree is never mutated.
work="${MUTATION_DIR:-${TMPDIR:-/tmp}/privatecloud-mutation}"
mkdir -p "$work"
git ls-files -co --exclude-standard -z | rsync -a --from0 --files-from=- . "$work/"
# A source file moved or deleted since the last run would still compile in the kept copy.
git ls-files -co --exclude-standard -- '*.cs' | sort > "$work/.sources"
(cd "$work" && find . -name '*.cs' -not -path '*/bin/*' -not -path '*/obj/*' | sed 's|^\./||' | sort |
  comm -23 - .sources | xargs -r -d '\n' rm -f --)

tests_dll="$work/tests/bin/Debug/net10.0/PrivateCloud.Tests.dll"
tasks_dll="$work/tasks/bin/Debug/net10.0/PrivateCloud.Tasks.dll"
# A mutant is compiled straight into the tests' folder; the tasks project's own build output stays the
# unmutated assembly, copied back after each class.
mutant_dll="$(dirname "$tests_dll")/PrivateCloud.Tasks.dll"

# The compiler's own arguments for the tasks project, asked of MSBuild once (its Compile target with
# the compiler's execution skipped), so a mutant costs one request to a warm compiler server rather
# than a whole MSBuild build: MSBuild's start, evaluation, reference resolution and the analyzers were
# 28 s of every mutant's 29 s. Analyzers are skipped (source generators still run) and no PDB or
# reference assembly is written.
write_compiler_args() {
  touch "$work/${CLASSES[0]%% *}"  # else the Compile target is up to date and reports no arguments
  nice -n 10 dotnet msbuild "$work/tasks/Tasks.csproj" -t:Compile -nologo -p:BuildProjectReferences=false \
    -p:SkipCompilerExecution=true -p:ProvideCommandLineArgs=true -p:TreatWarningsAsErrors=false \
    -getProperty:RoslynTargetsPath -getItem:CscCommandLineArgs |
    perl -MJSON::PP -e '
      my ($rsp, $compiler, $out) = @ARGV;
      my $build = decode_json(join "", <STDIN>);
      my @args = grep { !m{^/(noconfig|refout:|out:|debug)} } map { $_->{Identity} } @{$build->{Items}{CscCommandLineArgs}};
      @args > 100 or die "MSBuild reported no compiler arguments for the tasks project\n";
      open my $file, ">", $rsp or die "$rsp: $!\n";
      print $file join("\n", (map { /"/ ? $_ : "\"$_\"" } @args), "/out:\"$out\"", "/debug-", "/skipanalyzers+"), "\n";
      open $file, ">", $compiler or die "$compiler: $!\n";
      print $file "$build->{Properties}{RoslynTargetsPath}/bincore/csc.dll\n";
    ' "$work/tasks.rsp" "$work/compiler" "$mutant_dll"
}

# One compiler server for this run, on its own pipe; it exits by itself ten minutes after the last
# mutant. A shorter wait let it exit while a slow test ran, and a cold server costs half a minute.
build_mutant() {
  (cd "$work/tasks" && nice -n 10 dotnet exec "$(<"$work/compiler")" /noconfig "@$work/tasks.rsp" \
    "/shared:privatecloud-mutation-$$" /keepalive:600 >"$work/compiler.log" 2>&1)
}

# The xunit v3 runner, in process. A covering test is a class (KnownHostsTests) or one of its
# methods (SecretsArchiveTests.Entries_that_could_escape_the_target_are_refused): a class whose other
# tests take minutes, or talk to an SSH server (whose connect times out on a busy machine), is
# covered by its tests that do neither.
run_tests() {
  local filters=()
  local test
  for test in ${1//,/ }; do
    [[ "$test" == *.* ]] && filters+=(-method "*.$test") || filters+=(-method "*.$test.*")
  done
  (cd "$work/tests" && nice -n 10 timeout "$timeout" dotnet "$tests_dll" "${filters[@]}" -noColor -noLogo >"$work/tests.log" 2>&1)
}

# Prints one mutant a line: line number, mutation, the mutated line; separated by \x1f.
# Operators are looked for in the line with its string and char literals blanked out.
list_mutants() {
  perl -ne '
    chomp; my $line = $_; my $n = $.; our $condition;
    next if $line =~ m{^\s*(//|using |namespace |\[|$)};
    my ($masked, @literals) = ($line);
    while ($line =~ /(\$?@?)"((?:[^"\\]|\\.)*)"|\x27((?:[^\x27\\]|\\.)+)\x27/g) {
      push @literals, defined $3 ? ["char", $-[3], $3] : [$1 eq "" ? "string" : "formatted", $-[2], $2];
      substr($masked, $-[0], $+[0] - $-[0]) = "\x00" x ($+[0] - $-[0]);
    }
    sub emit { my ($n, $what, $text) = @_; print join("\x1f", $n, $what, $text), "\n"; }
    sub at { my ($line, $pos, $len, $new) = @_; my $copy = $line; substr($copy, $pos, $len) = $new; $copy; }
    my @swaps = (
      [qr/ < /, " <= "], [qr/ <= /, " < "], [qr/ > /, " >= "], [qr/ >= /, " > "],
      [qr/ == /, " != "], [qr/ != /, " == "], [qr/ && /, " || "], [qr/ \|\| /, " && "],
      [qr/ is not /, " is "], [qr/ is (?!not )/, " is not "],
      [qr/\bStartsWith\(/, "EndsWith("], [qr/\bEndsWith\(/, "StartsWith("], [qr/\bContains\(/, "StartsWith("],
      [qr/\.Any\(/, ".All("], [qr/\.All\(/, ".Any("],
      [qr/\bOrdinal\b(?!IgnoreCase)/, "OrdinalIgnoreCase"], [qr/\bOrdinalIgnoreCase\b/, "Ordinal"],
      [qr/\btrue\b/, "false"], [qr/\bfalse\b/, "true"],
    );
    for my $swap (@swaps) {
      my ($pattern, $new) = @$swap;
      while ($masked =~ /$pattern/g) {
        my ($pos, $len) = ($-[0], $+[0] - $-[0]);
        emit($n, "\x27" . substr($line, $pos, $len) . "\x27 -> \x27$new\x27", at($line, $pos, $len, $new));
      }
    }
    while ($masked =~ /(?<![\w)\]!])!(?=[\w(])/g) {
      emit($n, "! removed", at($line, $-[0], 1, ""));
    }
    while ($masked =~ /(?<![\w.])(\d+)(?![\w.])/g) {
      my ($pos, $value) = ($-[1], $1);
      emit($n, "$value -> " . ($value + 1), at($line, $pos, length $value, $value + 1));
      emit($n, "$value -> " . ($value - 1), at($line, $pos, length $value, $value - 1)) if $value > 0;
    }
    if ($masked =~ /\bif \(((?:[^()]++|\((?1)\))*)\)\s*$/) {
      emit($n, "if condition negated", at($line, $-[1], $+[1] - $-[1], "!(" . substr($line, $-[1], $+[1] - $-[1]) . ")"));
    }
    if ($masked =~ /^(\s*)throw new /) {
      emit($n, "throw removed", at($line, length $1, 5, "_ ="));
    }
    if ($masked =~ /^\s*(return( true| false| null)?|continue|break);\s*$/) {
      emit($n, "$1; removed, under $condition", ";");
    }
    if ($line =~ /^\s*((?:else )?if \(.*)$/) {
      $condition = $1;
    }
    # Literals a check compares with; messages ($"..." and exception texts) are left alone.
    next if $line =~ /Exception\(|\$"/;
    for my $literal (grep { $_->[0] ne "formatted" } @literals) {
      my ($kind, $pos, $text) = @$literal;
      next if $kind eq "string" && length $text > 24;
      my $new = $kind eq "char" ? ($text eq "~" ? "^" : "~") : (length $text ? "" : "x");
      my $quote = $kind eq "char" ? "\x27" : "\"";
      emit($n, "$quote$text$quote changed", at($line, $pos, length $text, $new));
    }
  ' "$1"
}

is_equivalent() {
  local file="$1" what="$2" text="$3" entry
  for entry in "${EQUIVALENT[@]}"; do
    IFS='|' read -r eq_file eq_what eq_fragment <<<"${entry%%  *}"
    [[ "$eq_file" == "$file" && "$eq_what" == "$what" && "$text" == *"$eq_fragment"* ]] && return 0
  done
  return 1
}

echo "preparing $work (restore and build)..."
nice -n 10 dotnet build "$work/tests/Tests.csproj" -nologo -v q -p:TreatWarningsAsErrors=false >/dev/null
write_compiler_args
started=$(date +%s)
results=()
survivors=()
for entry in "${CLASSES[@]}"; do
  file="${entry%% *}"
  tests="${entry#* }"
  if (($# > 0)); then
    wanted=false
    for name in "$@"; do [[ "$file" == *"$name"* ]] && wanted=true; done
    $wanted || continue
  fi
  timeout=180
  baseline_started=$(date +%s)
  if ! run_tests "$tests" || grep -q 'Total: 0,' "$work/tests.log"; then
    echo "$file: its tests ($tests) fail, or none ran, before any mutant; fix them first." >&2
    exit 1
  fi
  timeout="${TEST_TIMEOUT:-$(( ($(date +%s) - baseline_started) * 10 > 30 ? ($(date +%s) - baseline_started) * 10 : 30 ))}"
  original="$work/$file.original"
  cp "$work/$file" "$original"
  trap 'cp "$original" "$work/$file" && rm -f "$original" && cp "$tasks_dll" "$mutant_dll"' EXIT
  killed=0 survived=0 uncompiled=0 equivalent=0
  class_started=$(date +%s)
  while IFS=$'\x1f' read -r line what text; do
    if is_equivalent "$(basename "$file")" "$what" "$text"; then
      equivalent=$((equivalent + 1))
      continue
    fi
    awk -v n="$line" -v text="$text" 'NR == n { print text; next } { print }' "$original" > "$work/$file"
    if ! build_mutant; then
      uncompiled=$((uncompiled + 1))
    elif run_tests "$tests"; then
      survived=$((survived + 1))
      survivors+=("$file:$line: $what")
      echo "  survived: ${survivors[-1]}"
    else
      killed=$((killed + 1))
    fi
  done < <(list_mutants "$original")
  cp "$original" "$work/$file"
  rm "$original"
  cp "$tasks_dll" "$mutant_dll"
  trap - EXIT
  total=$((killed + survived))
  score=$(awk -v k="$killed" -v t="$total" 'BEGIN { printf "%.0f", t ? 100 * k / t : 100 }')
  results+=("$(printf '%-52s %3s%%  %3d killed  %3d survived  %3d not compiling  %2d equivalent  %4d s' \
    "$file" "$score" "$killed" "$survived" "$uncompiled" "$equivalent" $(($(date +%s) - class_started)))")
  echo "${results[-1]}"
done

echo
echo "score per class (killed / (killed + survived)):"
printf '%s\n' "${results[@]}"
if ((${#survivors[@]} > 0)); then
  echo
  echo "surviving mutants:"
  printf '%s\n' "${survivors[@]}"
fi
echo
echo "took $(($(date +%s) - started)) s"
exit
}

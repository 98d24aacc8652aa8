using PrivateCloud.Tasks.Backup.Duplicity;
using PrivateCloud.Tasks.Plumbing.Processes;

namespace PrivateCloud.Tests.Backup;

/// <summary>
/// The parsers on duplicity's own output. The 0.8 files were captured from Debian's duplicity 0.8.22
/// (LC_ALL=C TZ=UTC); the 1.x files are written in the 1.x wording ("file(s)", "difference(s)"),
/// since no 1.x duplicity is packaged for this machine.
/// </summary>
public sealed class DuplicityOutputParserTests
{
    private static string Captured(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Backup", "Captured", name));

    private static DateTimeOffset Utc(int hour, int minute, int second) => new(2026, 11, 29, hour, minute, second, TimeSpan.Zero);

    [Fact]
    public void Verify_summary_in_the_0_8_wording_with_its_difference()
    {
        var summary = VerifyOutputParser.Parse(Captured("verify-0.8-one-difference.txt"));

        Assert.Equal(6, summary.FilesCompared);
        Assert.Equal(1, summary.DifferencesFound);
        Assert.Equal(["File b/f2 has mtime Sun Nov 29 14:56:31 2026, expected Sun Nov 29 14:56:27 2026"], summary.Differences);
        Assert.False(summary.HashMismatch);
    }

    [Fact]
    public void Verify_summary_in_the_1_x_wording()
    {
        var differences = VerifyOutputParser.Parse(Captured("verify-1.x-two-differences.txt"));
        var clean = VerifyOutputParser.Parse(Captured("verify-1.x-clean.txt"));

        Assert.Equal((12, 2), (differences.FilesCompared, differences.DifferencesFound));
        Assert.Equal(2, differences.Differences.Count);
        Assert.StartsWith("File databases/db.sql", differences.Differences[1]);
        Assert.Equal((1, 0), (clean.FilesCompared, clean.DifferencesFound));
        Assert.Empty(clean.Differences);
    }

    [Fact]
    public void Judging_needs_the_exit_status_and_the_summary_to_agree()
    {
        var clean = Captured("verify-1.x-clean.txt");

        Assert.True(BackupVerifier.Judge(new CommandResult(0, clean, string.Empty), "file:///b", 50).Passed);
        var failedExit = BackupVerifier.Judge(new CommandResult(1, clean, string.Empty), "file:///b", 50);
        Assert.False(failedExit.Passed);
        Assert.Contains("reported 0 differences but failed (exit 1)", failedExit.Summary);
        var noSummary = BackupVerifier.Judge(new CommandResult(0, "Last full backup date: none\n", string.Empty), "file:///b", 50);
        Assert.False(noSummary.Passed);
        Assert.Contains("printed no summary (exit 0)", noSummary.Summary);
    }

    [Fact]
    public void A_hash_mismatch_is_a_corrupted_backup_whether_the_exit_status_or_the_text_says_so()
    {
        var text = Captured("verify-0.8-corrupted.txt");

        var both = BackupVerifier.Judge(new CommandResult(21, string.Empty, text), "file:///b", 50);
        var textOnly = BackupVerifier.Judge(new CommandResult(1, string.Empty, text), "file:///b", 50);
        var exitOnly = BackupVerifier.Judge(new CommandResult(21, string.Empty, string.Empty), "file:///b", 50);

        Assert.All(new[] { both, textOnly, exitOnly }, result => Assert.True(result.Corrupted && !result.Passed));
        Assert.Equal(
            "the backup at file:///b is corrupted: a volume does not match its manifest's hash (duplicity-full.20261129T145627Z.vol1.difftar.gz) (exit 21)",
            both.Summary);
    }

    [Fact]
    public void Differences_listed_are_capped_at_the_maximum_but_counted_in_full()
    {
        var result = BackupVerifier.Judge(new CommandResult(1, Captured("verify-1.x-two-differences.txt"), string.Empty), "file:///b", 1);

        Assert.False(result.Passed);
        Assert.Single(result.Differences);
        Assert.Equal("2 differences between the backup and the live files, 12 files compared (first 1 listed)", result.Summary);
    }

    [Fact]
    public void Collection_status_with_a_full_and_an_incremental()
    {
        var status = CollectionStatusParser.Parse(Captured("collection-status-0.8-full-and-incremental.txt"))!;

        var chain = Assert.Single(status.Chains);
        Assert.True(chain.Primary);
        Assert.Equal(Utc(14, 56, 27), status.LastFull);
        Assert.Equal(Utc(14, 56, 31), status.LastIncremental);
        Assert.Equal((0, 0), (status.OrphanedSets, status.IncompleteSets));
        Assert.Equal(BackupState.Ok, BackupStatusCheck.Judge(status, "file:///b", TimeSpan.FromHours(26), Utc(15, 0, 0)).State);
    }

    [Fact]
    public void Collection_status_with_an_incomplete_set_warns()
    {
        var status = CollectionStatusParser.Parse(Captured("collection-status-0.8-primary-and-incomplete.txt"))!;

        Assert.Equal(1, status.IncompleteSets);
        var result = BackupStatusCheck.Judge(status, "file:///b", TimeSpan.FromHours(26), Utc(15, 0, 0));
        Assert.Equal(BackupState.Warn, result.State);
        Assert.Contains("0 orphaned and 1 incomplete set(s)", result.Summary);
    }

    [Fact]
    public void Collection_status_with_a_secondary_chain_before_the_primary_one()
    {
        var status = CollectionStatusParser.Parse(Captured("collection-status-0.8-secondary-and-primary.txt"))!;

        Assert.Equal([false, true], status.Chains.Select(chain => chain.Primary));
        Assert.Equal(Utc(15, 2, 13), status.PrimaryChain!.Sets.Single().Time);
        Assert.Equal(Utc(15, 2, 13), status.LastFull);
        Assert.Equal(Utc(14, 56, 31), status.LastIncremental);
    }

    [Fact]
    public void Collection_status_with_only_a_secondary_chain_fails_for_want_of_a_complete_one()
    {
        var status = CollectionStatusParser.Parse(Captured("collection-status-0.8-secondary-only.txt"))!;

        var chain = Assert.Single(status.Chains);
        Assert.False(chain.Primary);
        var result = BackupStatusCheck.Judge(status, "file:///b", TimeSpan.FromHours(26), Utc(15, 0, 0));
        Assert.Equal(BackupState.Fail, result.State);
        Assert.StartsWith("no complete backup chain at file:///b", result.Summary);
    }

    [Fact]
    public void No_backup_at_all_fails_and_a_stale_one_fails_with_its_age()
    {
        var empty = CollectionStatusParser.Parse(Captured("collection-status-0.8-empty.txt"))!;
        var fresh = CollectionStatusParser.Parse(Captured("collection-status-0.8-full-and-incremental.txt"))!;

        var none = BackupStatusCheck.Judge(empty, "file:///b", TimeSpan.FromHours(26), Utc(15, 0, 0));
        var stale = BackupStatusCheck.Judge(fresh, "file:///b", TimeSpan.FromHours(26), Utc(15, 0, 0).AddDays(3));

        Assert.Empty(empty.Chains);
        Assert.Equal(BackupState.Fail, none.State);
        Assert.StartsWith("no complete backup chain at file:///b", none.Summary);
        Assert.Equal(BackupState.Fail, stale.State);
        Assert.StartsWith("backup too old: newest backup 2026-11-29 14:56:31 UTC (3d ago)", stale.Summary);
    }

    [Fact]
    public void Output_that_is_no_collection_status_is_not_read_as_an_empty_one() =>
        Assert.Null(CollectionStatusParser.Parse("Traceback (innermost last):\nBackendException: unreachable\n"));

    [Fact]
    public void Only_a_line_starting_with_the_header_makes_a_collection_status() =>
        Assert.Null(CollectionStatusParser.Parse("BackendException: could not read the Collection Status\n"));

    [Fact]
    public void A_secondary_chain_listed_after_the_primary_one_is_not_primary()
    {
        var status = CollectionStatusParser.Parse(PrimaryThenSecondary())!;

        Assert.Equal([true, false], status.Chains.Select(chain => chain.Primary));
        Assert.Equal(Utc(15, 2, 13), status.PrimaryChain!.Sets.Single().Time);
    }

    /// <summary>duplicity prints its headers in the C locale's exact wording: the same words in capitals head nothing.</summary>
    [Theory]
    [InlineData("Collection Status", "COLLECTION STATUS", "not a collection status")]
    [InlineData("Found primary backup chain", "FOUND PRIMARY BACKUP CHAIN", "secondary,secondary")]
    [InlineData("Chain start time:", "CHAIN START TIME:", "")]
    [InlineData("Secondary chain ", "SECONDARY CHAIN ", "primary,primary")]
    public void Headers_are_matched_in_their_exact_case(string header, string capitals, string chains)
    {
        var status = CollectionStatusParser.Parse(PrimaryThenSecondary().Replace(header, capitals, StringComparison.Ordinal));

        Assert.Equal(chains, status is null ? "not a collection status" : string.Join(',', status.Chains.Select(chain => chain.Primary ? "primary" : "secondary")));
    }

    /// <summary>The captured secondary-and-primary status with its two chains swapped.</summary>
    private static string PrimaryThenSecondary()
    {
        var captured = Captured("collection-status-0.8-secondary-and-primary.txt");
        var secondary = captured.IndexOf("Secondary chain 1 of 1:", StringComparison.Ordinal);
        var primary = captured.IndexOf("Found primary backup chain", StringComparison.Ordinal);
        var tail = captured.IndexOf("Also found", StringComparison.Ordinal);
        return captured[..secondary] + captured[primary..tail] + captured[secondary..primary] + captured[tail..];
    }

    [Fact]
    public void Verify_output_with_crlf_line_endings_reads_as_with_lf()
    {
        var summary = VerifyOutputParser.Parse(Captured("verify-0.8-one-difference.txt").Replace("\n", "\r\n", StringComparison.Ordinal));

        Assert.Equal(["File b/f2 has mtime Sun Nov 29 14:56:31 2026, expected Sun Nov 29 14:56:27 2026"], summary.Differences);
    }

    [Fact]
    public void A_hash_mismatch_is_found_whatever_its_case() =>
        Assert.True(VerifyOutputParser.Parse("Invalid data - SHA1 HASH MISMATCH for file:\n").HashMismatch);

    [Fact]
    public void List_current_files_with_space_padded_days()
    {
        var files = CurrentFilesParser.Parse("Last full backup date: Sun Nov  1 01:42:00 2026\nSun Nov  1 01:42:00 2026 .\nSun Nov  1 01:42:00 2026 files/a b.txt\n");

        Assert.Equal([(".", new DateTimeOffset(2026, 11, 1, 1, 42, 0, TimeSpan.Zero)), ("files/a b.txt", new DateTimeOffset(2026, 11, 1, 1, 42, 0, TimeSpan.Zero))], files);
    }
}

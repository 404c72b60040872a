using Watcher.Service.Recovery;

namespace Watcher.Service.Tests.Recovery;

public sealed class FolderClusterMatchTests
{
    // Votes written as "folder:cluster x count".
    private static IEnumerable<FolderVote> Votes(params string[] votes) =>
        votes.SelectMany(v =>
        {
            string[] parts = v.Split(':', 'x');
            return Enumerable.Repeat(new FolderVote(parts[0], int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)),
                int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture));
        });

    public static TheoryData<string, string[], string?[], string> Cases => new()
    {
        // case, votes, model names by cluster id, expected "cluster=folder" (sorted, comma-separated)
        { "each cluster in its own folder", ["dogs:0x30", "cluster-02:1x20"], [null, null], "0=dogs,1=cluster-02" },
        { "the folder beats an out-of-date model name (renamed after the last save)", ["puppies:0x30"], ["dogs"], "0=puppies" },
        { "two clusters given one name share its folder", ["dogs:0x30", "dogs:1x12", "cats:2x9"], [null, null, null], "0=dogs,1=dogs,2=cats" },
        { "a few boundary images elsewhere do not move a cluster", ["dogs:0x30", "cats:0x4", "cats:1x20"], [null, null], "0=dogs,1=cats" },
        { "no majority: the model's name, if it has one", ["dogs:0x5", "cats:0x5", "birds:0x2", "owls:1x3", "elk:1x3"], ["dogs", null], "0=dogs" },
        { "a cluster with no filed image keeps its model name", ["dogs:0x30"], [null, "parachutes"], "0=dogs,1=parachutes" },
        { "an unnamed cluster with no filed image gets nothing (a new placeholder later)", ["dogs:0x30"], [null, null], "0=dogs" },
        { "a tie goes to the first folder in ordinal order, only with a majority", ["b:0x2", "a:0x2"], [null], "" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Clusters_take_the_folder_that_holds_most_of_their_images(string @case, string[] votes, string?[] names, string expected)
    {
        var modelNames = names.Select((n, i) => (n, i)).ToDictionary(p => p.i, p => p.n);

        var folders = FolderClusterMatch.Match(Votes(votes), modelNames);

        string.Join(",", folders.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}")).Should().Be(expected, @case);
    }

    [Fact]
    public void Votes_for_a_cluster_the_model_does_not_have_are_ignored()
    {
        var folders = FolderClusterMatch.Match(Votes("dogs:7x10"), new Dictionary<int, string?> { [0] = null });

        folders.Should().BeEmpty();
    }
}

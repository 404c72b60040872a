using Watcher.Service.Sorting;

namespace Watcher.Service.Tests.Sorting;

public sealed class NameCarryOverTests
{
    private static readonly Dictionary<int, (string? Name, string Folder)> Old = new()
    {
        [0] = ("cats", "cats"),
        [1] = (null, "cluster-02"),
        [2] = ("dogs", "dogs"),
    };

    private static Func<string> Counter(int start = 10)
    {
        int next = start;
        return () => FolderNames.Unnamed(next++);
    }

    private static IEnumerable<CarryMember> Members(int newCluster, int? oldCluster, int count, string? folder = null, bool pinned = false) =>
        Enumerable.Repeat(new CarryMember(newCluster, oldCluster, folder, pinned), count);

    [Fact]
    public void Clusters_that_are_each_others_largest_overlap_keep_name_and_folder_whatever_their_new_number()
    {
        var members = Members(2, 0, 30).Concat(Members(0, 1, 20)).Concat(Members(1, 2, 25)).ToList();

        var carried = NameCarryOver.Carry(members, 3, Old, Counter());

        carried.Select(c => (c.Name, c.Folder, c.Proposed)).Should().Equal(
            (null, "cluster-02", false), ("dogs", "dogs", false), ("cats", "cats", false));
    }

    [Fact]
    public void A_new_group_is_proposed_under_a_fresh_placeholder()
    {
        // Cluster 3 is made of images that were in no cluster (unknowns) or scattered thinly.
        var members = Members(0, 0, 30).Concat(Members(1, 1, 20)).Concat(Members(2, 2, 25))
            .Concat(Members(3, null, 15)).Concat(Members(3, 0, 2)).ToList();

        var carried = NameCarryOver.Carry(members, 4, Old, Counter());

        carried[3].Should().Be(new CarriedCluster(3, null, "cluster-10", Proposed: true));
        carried.Take(3).Should().OnlyContain(c => !c.Proposed);
    }

    [Fact]
    public void Both_halves_of_a_named_cluster_that_split_keep_its_name()
    {
        var members = Members(0, 0, 16).Concat(Members(1, 0, 14)).Concat(Members(1, 2, 1)).Concat(Members(2, 2, 20)).ToList();

        var carried = NameCarryOver.Carry(members, 3, Old, Counter());

        carried[0].Name.Should().Be("cats");
        carried[1].Should().Be(new CarriedCluster(1, "cats", "cats", Proposed: false), "more than half of it was cats");
        carried[2].Name.Should().Be("dogs");
    }

    [Fact]
    public void A_group_a_person_filed_by_hand_takes_the_name_they_gave()
    {
        var members = Members(0, 0, 30).Concat(Members(1, null, 8, "fish", pinned: true)).Concat(Members(1, null, 4)).ToList();

        var carried = NameCarryOver.Carry(members, 2, Old, Counter());

        carried[1].Should().Be(new CarriedCluster(1, "fish", "fish", Proposed: false));
    }

    [Fact]
    public void An_unnamed_split_gets_a_new_placeholder_never_one_in_use()
    {
        var members = Members(0, 1, 12).Concat(Members(1, 1, 10)).ToList();
        // A counter that offers the folder the other half kept: it must be skipped.
        var offers = new Queue<string>(["cluster-02", "cluster-03"]);

        var carried = NameCarryOver.Carry(members, 2, Old, offers.Dequeue);

        carried.Select(c => (c.Folder, c.Proposed)).Should().Equal(("cluster-02", false), ("cluster-03", true));
    }

    [Fact]
    public void The_first_clustering_proposes_every_cluster()
    {
        var members = Members(0, null, 10).Concat(Members(1, null, 10)).ToList();

        var carried = NameCarryOver.Carry(members, 2, new Dictionary<int, (string?, string)>(), Counter(1));

        carried.Select(c => c.Folder).Should().Equal("cluster-01", "cluster-02");
        carried.Should().OnlyContain(c => c.Proposed && c.Name == null);
    }
}

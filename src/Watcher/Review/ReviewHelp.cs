namespace Watcher.Review;

/// <summary>The words the review shows a person; kept together so the short and full help agree.</summary>
internal static class ReviewHelp
{
    public const string ClusterShort = "Type a name · Enter skips · q quits · ? help";

    public static readonly string[] ClusterFull =
    [
        "Look at the sheet (or the paths) and type what the images show, e.g. 'dogs' or 'gas pumps'.",
        "The name becomes the folder output/<name>/: the cluster's images move there now, and the images",
        "the daemon files into this cluster later go there too. Two clusters given one name share the folder.",
        "Names cannot contain / \\ : * ? \" < > |, start with '_', or look like cluster-NN.",
        "Enter leaves the cluster unnamed (it keeps its cluster-NN folder); q ends the review.",
    ];

    public const string QueueShort = "1,3-5 <name> files them · i 2,4 ignores · Enter next page · q quits · ? help";

    public static readonly string[] QueueFull =
    [
        "The numbers are the ones on the sheet and in the list above.",
        "  1,3-5 dogs     file images 1, 3, 4 and 5 under 'dogs' (output/dogs/); names may have spaces",
        "  * dogs         file every image on this page under 'dogs'",
        "  i 2,4          ignore images 2 and 4: they move to output/_ignored/ and are never asked about again",
        "  Enter          next page",
        "  q              end the review",
        "Images filed by hand are pinned: re-clustering never moves them, and a new name becomes a new cluster.",
        "After each command the page is shown again: the images handled leave the queue and the numbers change.",
    ];
}

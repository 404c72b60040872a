using Watcher.Core.Hashing;

namespace Watcher.Core.Evaluation;

public enum EvalRole
{
    Pool,
    HeldOut,
    Unknown,
}

// The evaluation protocol's split (FINDINGS.md section 4): images of the named unknown classes
// never enter the pool; a known image is held out when FNV-1a-32 of its relative path (UTF-8,
// '/' separators) mod 5 is 0. Hash-based, so any tool can reproduce the same split.
public static class HoldOut
{
    public static EvalRole[] Split(IReadOnlyList<string> relativePaths, IReadOnlyList<string> labels, IReadOnlyCollection<string> unknownClasses)
    {
        ArgumentNullException.ThrowIfNull(relativePaths);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(unknownClasses);
        if (relativePaths.Count != labels.Count)
        {
            throw new ArgumentException("Every path needs a label.");
        }

        var roles = new EvalRole[relativePaths.Count];
        for (int i = 0; i < roles.Length; i++)
        {
            string path = relativePaths[i].Replace('\\', '/');
            roles[i] = unknownClasses.Contains(labels[i]) ? EvalRole.Unknown
                : Fnv1a32.Hash(path) % 5 == 0 ? EvalRole.HeldOut
                : EvalRole.Pool;
        }

        return roles;
    }
}

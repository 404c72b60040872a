using Watcher.Service.Filing;

namespace Watcher.Service.Tests.Filing;

public sealed class StorageFaultTests
{
    public static TheoryData<Exception, StorageProblem> Failures()
    {
        bool windows = OperatingSystem.IsWindows();
        return new()
        {
            { new IOException("No space left on device", windows ? unchecked((int)0x80070070) : 28), StorageProblem.Full },
            { new IOException("Read-only file system", windows ? unchecked((int)0x80070013) : 30), StorageProblem.ReadOnly },
            { new IOException("Cannot move image 3", new IOException("No space left on device", windows ? unchecked((int)0x80070070) : 28)), StorageProblem.Full },
            { StorageFault.DiskFull("Failed to create 'x' with allocation size '9' because the disk was full.", new IOException("disk full")), StorageProblem.Full },
            { new IOException("the copy's SHA-256 is 00, not the catalogued 11"), StorageProblem.None },
            { new FileNotFoundException("gone"), StorageProblem.None },
            { new UnauthorizedAccessException("Permission denied"), StorageProblem.None },
            { new InvalidOperationException("no", new IOException("Read-only file system", windows ? unchecked((int)0x80070013) : 30)), StorageProblem.ReadOnly },
        };
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public void A_full_or_read_only_volume_is_told_apart_from_every_other_failure(Exception error, StorageProblem expected) =>
        StorageFault.Of(error).Should().Be(expected);

    [Fact]
    public void The_description_names_the_folder_and_the_free_space()
    {
        StorageFault.Describe(StorageProblem.Full, "/srv/output", 3 * 1024 * 1024).Should().Be("the disk holding /srv/output is full (3 MB free)");
        StorageFault.Describe(StorageProblem.ReadOnly, "/srv/output", null).Should().Be("/srv/output is on a read-only file system");
    }
}

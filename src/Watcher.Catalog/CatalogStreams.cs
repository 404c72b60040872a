using System.Globalization;
using LiteDB;
using LiteDB.Engine;

namespace Watcher.Catalog;

/// <summary>
/// The catalog's two files, opened by us and handed to LiteDB as streams, so that we decide when
/// they reach the disk. LiteDB 5's log writer syncs the log file every time its queue runs dry,
/// and during a commit it runs dry after almost every page: a burst of 3,000 images cost 2,000
/// fsyncs, most of them on the thread filing the batch. Here the log is written to the operating
/// system at once (a killed process loses nothing) and synced with the data file at the points
/// where durability is needed: every checkpoint syncs the data file (LiteDB flushes it before it
/// empties the log), and <see cref="CatalogDb.Flush"/>, which the mover calls before touching any
/// file, is a checkpoint. So a power cut loses at most the commits since the last batch of moves,
/// and the journal entry of every move that touched a file is on disk.
/// </summary>
internal sealed class CatalogStreams : IDisposable
{
    private CatalogStreams(FileStream data, FileStream log)
    {
        Data = data;
        Log = log;
    }

    public FileStream Data { get; }

    public FileStream Log { get; }

    public static CatalogStreams Open(string path)
    {
        SyncedFile data = new(path, syncOnFlush: true);
        try
        {
            return new CatalogStreams(data, new SyncedFile(CatalogFile.LogPath(path), syncOnFlush: false));
        }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    public LiteDatabase OpenDatabase(BsonMapper mapper) => new(
        new LiteEngine(new EngineSettings
        {
            DataStream = Data,
            LogStream = Log,
            Collation = new Collation(CultureInfo.InvariantCulture.LCID, CompareOptions.Ordinal),
        }),
        mapper);

    // LiteDB may have closed them already (disposing a FileStream twice is harmless).
    public void Dispose()
    {
        Log.Dispose();
        Data.Dispose();
        var log = new FileInfo(CatalogFile.LogPath(Data.Name));
        if (log is { Exists: true, Length: 0 })
        {
            // As LiteDB does with a file it opened itself: no log left behind when there is nothing in it.
            log.Delete();
        }
    }

    // LiteDB flushes a stream it did not open with Flush(); a FileStream of its own it would sync.
    private sealed class SyncedFile(string path, bool syncOnFlush)
        : FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0, FileOptions.RandomAccess)
    {
        public override void Flush() => base.Flush(syncOnFlush);
    }
}

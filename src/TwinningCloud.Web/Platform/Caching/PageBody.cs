namespace TwinningCloud.Web.Platform.Caching;

/// <summary>
/// A rendered page held in chunks of 16 KB: a public page (70 KB and more) buffered in one array would
/// land on the large object heap at every miss (a growing <see cref="MemoryStream"/> allocates three or
/// four such arrays), and those collections were what an uncached page mostly cost.
/// </summary>
internal sealed class PageBody
{
    private const int ChunkSize = 16 * 1024;
    private readonly List<byte[]> _chunks = [];

    public long Length { get; private set; }

    public static PageBody From(byte[] bytes)
    {
        var body = new PageBody();
        body.Append(bytes);
        return body;
    }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var used = (int)(Length % ChunkSize);
            if (used == 0)
            {
                _chunks.Add(new byte[ChunkSize]);
            }
            var count = Math.Min(ChunkSize - used, bytes.Length);
            bytes[..count].CopyTo(_chunks[^1].AsSpan(used));
            Length += count;
            bytes = bytes[count..];
        }
    }

    public async Task WriteToAsync(Stream destination, CancellationToken ct)
    {
        var left = Length;
        foreach (var chunk in _chunks)
        {
            var count = (int)Math.Min(left, ChunkSize);
            await destination.WriteAsync(chunk.AsMemory(0, count), ct);
            left -= count;
        }
    }

    public void WriteTo(Stream destination)
    {
        var left = Length;
        foreach (var chunk in _chunks)
        {
            var count = (int)Math.Min(left, ChunkSize);
            destination.Write(chunk, 0, count);
            left -= count;
        }
    }
}

/// <summary>A write-only stream that collects what is written into a <see cref="PageBody"/>.</summary>
internal sealed class PageBodyStream : Stream
{
    public PageBody Body { get; } = new();

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => Body.Length;
    public override long Position { get => Body.Length; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Body.Append(buffer.AsSpan(offset, count));
    public override void Write(ReadOnlySpan<byte> buffer) => Body.Append(buffer);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Body.Append(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Body.Append(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override void Flush() { }
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}

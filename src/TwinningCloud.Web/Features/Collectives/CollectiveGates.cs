namespace TwinningCloud.Web.Features.Collectives;

/// <summary>
/// One instance's queue in front of a collective's row lock (<see cref="CollectiveMemberships"/>): a fixed set of
/// gates, a collective's id picks one (two collectives may share a gate: they then take turns, which is harmless).
/// Bounded by construction, whatever the number of collectives. Singleton.
/// </summary>
public sealed class CollectiveGates
{
    private const int Count = 64;
    private readonly SemaphoreSlim[] _gates = Enumerable.Range(0, Count).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    /// <summary>Waits for the collective's turn; dispose the result to let the next one in.</summary>
    public async Task<IDisposable> EnterAsync(Guid collectiveId, CancellationToken ct)
    {
        var gate = _gates[(collectiveId.GetHashCode() & int.MaxValue) % Count];
        await gate.WaitAsync(ct);
        return new Turn(gate);
    }

    private sealed class Turn(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}

// Test classes share one PostgreSQL server and reset it between tests, so they run one at a time.
// Concurrency is tested inside tests, with real parallel requests.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

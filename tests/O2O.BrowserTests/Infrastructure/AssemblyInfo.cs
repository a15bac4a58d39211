// One app, one database and one browser for the run; tests reset the data, so they run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace O2O.Domain.Stores;

/// <summary>A staff member works at this store; every staff query and action is scoped by these rows.</summary>
public sealed record StaffAssignment(string UserId, Guid StoreId);

namespace O2O.Domain.Common;

/// <summary>A rule of the domain was broken: the caller asked for something the model forbids.</summary>
public class DomainException(string message) : Exception(message);

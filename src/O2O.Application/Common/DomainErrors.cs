using O2O.Application.Localization;
using O2O.Application.Orders;
using O2O.Domain.Common;
using O2O.Domain.Orders;

namespace O2O.Application.Common;

/// <summary>
/// A broken domain rule in the reader's words. The domain has no resources, so only a rule users can actually reach
/// (an order asked to move where it cannot, as when two clerks act at once) gets a translation; the others are caught
/// earlier by validators and handlers, and reaching one is a race or a defect, told in the model's own English sentence.
/// </summary>
public static class DomainErrors
{
    public static string Code(DomainException exception) => exception is IllegalTransitionException ? "illegal_transition" : "domain_rule";

    public static string Describe(DomainException exception) => exception switch
    {
        IllegalTransitionException t => Texts.Format(Messages.Problem_IllegalTransition, OrderStatusNames.For(t.From), OrderStatusNames.For(t.To)),
        _ => exception.Message,
    };
}

namespace AcrOperator.Api.V1Alpha1;

/// <summary>Annotations users put on the operator's custom resources to steer it.</summary>
public static class AnnotationNames
{
    /// <summary><c>manage</c> (the default) or <c>skip</c>: observe Azure and report, never write to it.</summary>
    public const string ReconcilePolicy = GroupVersion.Group + "/reconcile-policy";

    /// <summary>Any new value forces a reconcile, like <c>flux reconcile</c> does.</summary>
    public const string ReconcileRequestedAt = GroupVersion.Group + "/reconcile-requested-at";

    /// <summary>On a BuildTask, any new value schedules one run of the task.</summary>
    public const string RunRequestedAt = GroupVersion.Group + "/run-requested-at";

    /// <summary>On a Webhook, any new value sends one ping event to the webhook's endpoint.</summary>
    public const string PingRequestedAt = GroupVersion.Group + "/ping-requested-at";

    /// <summary>On a Registry, any new value rotates the pull secrets' credential now (zero-downtime, like a scheduled rotation).</summary>
    public const string RotateRequestedAt = GroupVersion.Group + "/rotate-requested-at";

    /// <summary>On a pull Secret, which credential it holds (<c>Token/password1</c>, <c>AdminUser/password</c>, <c>EntraToken</c>); never the value.</summary>
    public const string Credential = GroupVersion.Group + "/credential";

    /// <summary>
    /// On a ServiceAccount, <c>acr.operator.dev/pull-secret-&lt;Registry UID&gt;: &lt;Secret name&gt;</c> records an
    /// <c>imagePullSecrets</c> entry the operator added for that Registry; only entries recorded so are ever removed.
    /// </summary>
    public const string ImagePullSecretEntryPrefix = GroupVersion.Group + "/pull-secret-";

    /// <summary>The values of <see cref="ReconcilePolicy"/>.</summary>
    public static class ReconcilePolicyValues
    {
        public const string Manage = "manage";

        public const string Skip = "skip";
    }
}

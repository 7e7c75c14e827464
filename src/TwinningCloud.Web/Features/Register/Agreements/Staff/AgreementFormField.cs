namespace TwinningCloud.Web.Features.Register.Agreements.Staff;

/// <summary>One labelled input of the register's staff forms, with its error next to it (rendered by _AgreementField).</summary>
public sealed record AgreementFormField(string Id, string Name, string Label, string? Value, string? Error,
    string Type = "text", string? Hint = null, bool Required = false, int? MaxLength = null, string? Extra = null);

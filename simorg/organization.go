package simorg

// organizationRecord is the org's Organization record: the fields the sf CLI
// and @salesforce/core read after every login (core's Org and
// determineOrg query "SELECT Name, InstanceName, IsSandbox,
// TrialExpirationDate, NamespacePrefix, OrganizationType FROM
// Organization"; simple-salesforce's is_sandbox() reads IsSandbox), and a
// few more of the object's standard fields (Object Reference,
// Organization). The values are the org's own.
func (o *Org) organizationRecord(version string) record {
	trial := any(nil)
	if !o.TrialExpiration.IsZero() {
		trial = sfTime(o.TrialExpiration)
	}
	return record{
		Type: "Organization", URL: "/services/data/v" + version + "/sobjects/Organization/" + o.ID,
		Fields: []field{
			{"Id", o.ID},
			{"Name", o.Name},
			{"Division", nil},
			{"Country", "US"},
			{"LanguageLocaleKey", "en_US"},
			{"DefaultLocaleSidKey", "en_US"},
			{"TimeZoneSidKey", "America/Los_Angeles"},
			{"OrganizationType", o.edition()},
			{"IsSandbox", o.Sandbox},
			{"InstanceName", o.instanceName()},
			{"NamespacePrefix", nil},
			{"TrialExpirationDate", trial},
			{"CreatedDate", "2024-01-15T09:00:00.000+0000"},
			{"LastModifiedDate", "2024-01-15T09:00:00.000+0000"},
		},
	}
}

// edition is the org's OrganizationType: Edition, or Developer Edition.
func (o *Org) edition() string {
	if o.Edition != "" {
		return o.Edition
	}
	return "Developer Edition"
}

// instanceName is the org's InstanceName: Instance, or a Hyperforce name
// (USA… for production, a CS… name for a sandbox; the names are
// illustrative).
func (o *Org) instanceName() string {
	switch {
	case o.Instance != "":
		return o.Instance
	case o.Sandbox:
		return "CS224"
	}
	return "USA544S"
}

/**
 * Cost contract. The estimators arrive with the cost issue; the report already carries the section
 * so that front ends and the JSON schema do not change when they land.
 */
export interface CostLine {
  resourceId: string;
  component: string;
  region?: string;
  quantity: number;
  unit: string;
  unitPrice: number;
  monthlyAmount: number;
  /**
   * measured: from CloudWatch or the API; planned: counted from a Terraform plan (what apply would
   * create, e.g. a key the plan adds: nothing was measured); assumed: from profile assumptions
   * (always labelled).
   */
  basis: 'measured' | 'planned' | 'assumed';
  note?: string;
}

export interface CostSaving {
  resourceId: string;
  action: string;
  monthlyLow: number;
  monthlyHigh: number;
  note?: string;
}

export interface CostSection {
  currency: 'USD';
  priceTableDate: string;
  monthlyTotal: number;
  lines: CostLine[];
  savings: CostSaving[];
  assumptions: string[];
  /**
   * Where the prices of each Region the lines price came from: "built-in table dated …", "AWS Price
   * List API, read …; built-in table … for <fields>" (--prices aws), an override file, or "not priced".
   */
  priceSources?: { region: string; source: string }[];
}

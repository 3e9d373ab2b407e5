/**
 * A fake of the AWS Price List Query API for tests, on its real wire format: JSON 1.1 (POST /,
 * X-Amz-Target: AWSPriceListService.GetProducts), answering { FormatVersion: "aws_v1", PriceList:
 * [<product+terms as a JSON string>, …], NextToken }. Products look like GetProducts output
 * (product.productFamily, product.attributes with regionCode, usagetype, operation, location,
 * storageClass, volumeType, group; terms.OnDemand.<sku>.<offer>.priceDimensions.<rate> with unit,
 * beginRange, endRange and pricePerUnit.USD), as in the AWS CLI's get-products example.
 */
import { http, HttpResponse, type HttpHandler } from 'msw';

export const PRICING_URL = 'https://api.pricing.us-east-1.amazonaws.com/';

export interface FakeProduct {
  serviceCode: string;
  productFamily: string;
  attributes: Record<string, string>;
  /** Price dimensions: [beginRange, endRange, USD per unit], first tier first. */
  tiers: [string, string, string][];
  unit: string;
}

let skuCounter = 0;

/** One PriceList entry: the JSON document GetProducts returns as a string. */
export function priceListEntry(p: FakeProduct): string {
  const sku = `FAKE${String(++skuCounter).padStart(12, '0')}`;
  const offer = `${sku}.JRTCKXETXF`;
  const dims = Object.fromEntries(
    p.tiers.map(([begin, end, usd], i) => {
      const rate = `${offer}.${['6YS6EN2CT7', 'PGHJ3S3EYE', 'D42MF2PVJS'][i] ?? `RATE${i}`}`;
      return [rate, { unit: p.unit, endRange: end, description: `$${usd} per ${p.unit}`, appliesTo: [], rateCode: rate, beginRange: begin, pricePerUnit: { USD: usd } }];
    }),
  );
  return JSON.stringify({
    product: { productFamily: p.productFamily, attributes: { servicecode: p.serviceCode, ...p.attributes }, sku },
    serviceCode: p.serviceCode,
    terms: { OnDemand: { [offer]: { priceDimensions: dims, sku, effectiveDate: '2026-12-01T00:00:00Z', offerTermCode: 'JRTCKXETXF', termAttributes: {} } } },
    version: '20261201000000',
    publicationDate: '2026-12-01T00:00:00Z',
  });
}

const PREFIX: Record<string, string> = { 'us-east-1': '', 'eu-west-1': 'EU-', 'eu-west-2': 'EUW2-', 'eu-central-1': 'EUC1-', 'ap-south-1': 'APS3-' };
const LOCATION: Record<string, string> = { 'us-east-1': 'US East (N. Virginia)', 'eu-west-1': 'EU (Ireland)', 'eu-west-2': 'EU (London)', 'eu-central-1': 'EU (Frankfurt)', 'ap-south-1': 'Asia Pacific (Mumbai)' };

/** Prices a fake Region quotes (per the Price List's units: per GB-month, per request, per key-month, per event, per GB). */
export interface FakeRegionPrices {
  storage: Record<'STANDARD' | 'SIA' | 'ZIA' | 'INT-FA' | 'INT-IA' | 'GIR' | 'GDA' | 'Glacier', string>;
  tier1: string;
  tier2: string;
  transitionTier4: string;
  glacierTransition: string;
  gdaTransition: string;
  kmsKey: string;
  kmsRequest: string;
  dataEvent: string;
  interRegion: string;
}

/** us-east-1's published prices, as the built-in table holds them. */
export const PUBLISHED_PRICES: FakeRegionPrices = {
  storage: { STANDARD: '0.0230000000', SIA: '0.0125000000', ZIA: '0.0100000000', 'INT-FA': '0.0230000000', 'INT-IA': '0.0125000000', GIR: '0.0040000000', Glacier: '0.0036000000', GDA: '0.0009900000' },
  tier1: '0.0000050000',
  tier2: '0.0000004000',
  transitionTier4: '0.0000100000',
  glacierTransition: '0.0000300000',
  gdaTransition: '0.0000500000',
  kmsKey: '1.0000000000',
  kmsRequest: '0.0000030000',
  dataEvent: '0.0000010000',
  interRegion: '0.0200000000',
};

/** "Current" prices, each unlike the built-in figure, so every one read shows. */
export const CURRENT_PRICES: FakeRegionPrices = {
  storage: { STANDARD: '0.0231000000', SIA: '0.0126000000', ZIA: '0.0101000000', 'INT-FA': '0.0232000000', 'INT-IA': '0.0127000000', GIR: '0.0041000000', Glacier: '0.0037000000', GDA: '0.0010000000' },
  tier1: '0.0000051000',
  tier2: '0.0000004100',
  transitionTier4: '0.0000110000',
  glacierTransition: '0.0000340000',
  gdaTransition: '0.0000560000',
  kmsKey: '1.1000000000',
  kmsRequest: '0.0000031000',
  dataEvent: '0.0000011000',
  interRegion: '0.0210000000',
};

/**
 * The products of one Region for the four services envelope reads, with the distractors a real
 * offer has (tiered STANDARD storage, Intelligent-Tiering's other tiers, Glacier restores on
 * Requests-Tier3, KMS's free tier and asymmetric requests, paid management events, a cheaper
 * us-east-1 ↔ us-east-2 style destination).
 */
export function regionProducts(region: string, p: FakeRegionPrices): FakeProduct[] {
  const pre = PREFIX[region] ?? `${region.toUpperCase()}-`;
  const base = { regionCode: region, location: LOCATION[region] ?? region, locationType: 'AWS Region' };
  const s3 = (productFamily: string, attributes: Record<string, string>, unit: string, tiers: [string, string, string][]): FakeProduct => ({
    serviceCode: 'AmazonS3',
    productFamily,
    attributes: { ...base, servicename: 'Amazon Simple Storage Service', operation: '', ...attributes, usagetype: `${pre}${attributes['usagetype']}` },
    unit,
    tiers,
  });
  const storage = (usagetype: string, storageClass: string, volumeType: string, usd: string) => s3('Storage', { usagetype, storageClass, volumeType }, 'GB-Mo', [['0', 'Inf', usd]]);
  const request = (usagetype: string, group: string, usd: string, operation = '') => s3('API Request', { usagetype, group, operation }, 'Requests', [['0', 'Inf', usd]]);
  const classes = ['', 'SIA-', 'ZIA-', 'INT-', 'GIR-', 'GLACIER-', 'GDA-'];
  return [
    s3('Storage', { usagetype: 'TimedStorage-ByteHrs', storageClass: 'General Purpose', volumeType: 'Standard' }, 'GB-Mo', [
      ['0', '51200', p.storage.STANDARD],
      ['51200', '512000', '0.0220000000'],
      ['512000', 'Inf', '0.0210000000'],
    ]),
    storage('TimedStorage-SIA-ByteHrs', 'Infrequent Access', 'Standard - Infrequent Access', p.storage.SIA),
    storage('TimedStorage-ZIA-ByteHrs', 'Infrequent Access', 'One Zone - Infrequent Access', p.storage.ZIA),
    storage('TimedStorage-INT-FA-ByteHrs', 'Intelligent-Tiering', 'Intelligent-Tiering Frequent Access', p.storage['INT-FA']),
    storage('TimedStorage-INT-IA-ByteHrs', 'Intelligent-Tiering', 'Intelligent-Tiering Infrequent Access', p.storage['INT-IA']),
    storage('TimedStorage-GIR-ByteHrs', 'Archive Instant Retrieval', 'Glacier Instant Retrieval', p.storage.GIR),
    storage('TimedStorage-GlacierByteHrs', 'Archive', 'Amazon Glacier', p.storage.Glacier),
    storage('TimedStorage-GDA-ByteHrs', 'Archive', 'Glacier Deep Archive', p.storage.GDA),
    ...classes.map((c) => request(`Requests-${c}Tier1`, `S3-API-${c}Tier1`, p.tier1)),
    ...classes.map((c) => request(`Requests-${c}Tier2`, `S3-API-${c}Tier2`, p.tier2)),
    request('Requests-Tier4', 'S3-API-Tier4', p.transitionTier4),
    request('Requests-Tier3', 'S3-API-Tier3', p.glacierTransition, 'S3-GlacierTransition'),
    request('Requests-Tier3', 'S3-API-Tier3', p.gdaTransition, 'S3-GDATransition'),
    request('Requests-Tier3', 'S3-API-Tier3', '0.0000500000', 'RestoreObject'),
    s3('Data Transfer', { usagetype: 'DataTransfer-Out-Bytes', transferType: 'AWS Outbound' }, 'GB', [['0', '10240', '0.0900000000']]),
    {
      serviceCode: 'awskms',
      productFamily: 'Encryption Key',
      attributes: { ...base, usagetype: `${pre}KMS-Keys`, operation: '' },
      unit: 'Keys',
      tiers: [['0', 'Inf', p.kmsKey]],
    },
    {
      serviceCode: 'awskms',
      productFamily: 'Key Management Service',
      attributes: { ...base, usagetype: `${pre}KMS-Requests`, operation: '' },
      unit: 'Requests',
      tiers: [
        ['0', '20000', '0.0000000000'],
        ['20000', 'Inf', p.kmsRequest],
      ],
    },
    {
      serviceCode: 'awskms',
      productFamily: 'Key Management Service',
      attributes: { ...base, usagetype: `${pre}KMS-Requests-Asymmetric`, operation: '' },
      unit: 'Requests',
      tiers: [['0', 'Inf', '0.0000150000']],
    },
    {
      serviceCode: 'AWSCloudTrail',
      productFamily: 'Management Tools - AWS CloudTrail Data Events Recorded',
      attributes: { ...base, usagetype: `${pre}DataEventsRecorded`, operation: '' },
      unit: 'Events',
      tiers: [['0', 'Inf', p.dataEvent]],
    },
    {
      serviceCode: 'AWSCloudTrail',
      productFamily: 'Management Tools - AWS CloudTrail Paid Events Recorded',
      attributes: { ...base, usagetype: `${pre}PaidEventsRecorded`, operation: '' },
      unit: 'Events',
      tiers: [['0', 'Inf', '0.0000200000']],
    },
    ...['us-east-1', 'us-west-2', 'eu-north-1', 'ap-south-1', region === 'eu-west-1' ? 'eu-west-2' : 'eu-west-1'].map(
      (to, i): FakeProduct => ({
        serviceCode: 'AWSDataTransfer',
        productFamily: 'Data Transfer',
        attributes: {
          fromRegionCode: region,
          toRegionCode: to,
          fromLocation: LOCATION[region] ?? region,
          toLocation: LOCATION[to] ?? to,
          transferType: 'InterRegion Outbound',
          usagetype: `${pre}${PREFIX[to] ?? 'X-'}AWS-Out-Bytes`,
          operation: '',
        },
        unit: 'GB',
        // One destination is cheaper (as us-east-1 → us-east-2 is): the table keeps the usual rate.
        tiers: [['0', 'Inf', i === 0 ? '0.0100000000' : p.interRegion]],
      }),
    ),
  ];
}

export interface FakePriceListOptions {
  /** Products per page (the API's MaxResults is at most 100); small to exercise NextToken. */
  pageSize?: number;
  /** Answer every request for these service codes with this error (JSON 1.1 error shape). */
  fail?: { services: string[]; type: 'AccessDeniedException' | 'ThrottlingException'; status: number };
  /** Where the API lives (the endpoint override, when set). */
  url?: string;
}

export interface FakePriceList {
  handler: HttpHandler;
  /** GetProducts requests answered, by service code (pages and retries included). */
  requests: Record<string, number>;
  /** Request bodies received, for asserting the filters sent. */
  bodies: { ServiceCode: string; Filters?: { Type: string; Field: string; Value: string }[]; NextToken?: string; MaxResults?: number; FormatVersion?: string }[];
}

/** An msw handler serving `products` through GetProducts with TERM_MATCH filters and pagination. */
export function fakePriceList(products: FakeProduct[], options: FakePriceListOptions = {}): FakePriceList {
  const pageSize = options.pageSize ?? 100;
  const requests: Record<string, number> = {};
  const bodies: FakePriceList['bodies'] = [];
  const handler = http.post(options.url ?? PRICING_URL, async ({ request }) => {
    if (request.headers.get('x-amz-target') !== 'AWSPriceListService.GetProducts') return undefined;
    const body = (await request.json()) as FakePriceList['bodies'][number];
    bodies.push(body);
    requests[body.ServiceCode] = (requests[body.ServiceCode] ?? 0) + 1;
    const json = (status: number, payload: Record<string, unknown>) => HttpResponse.json(payload, { status, headers: { 'content-type': 'application/x-amz-json-1.1' } });
    if (options.fail?.services.includes(body.ServiceCode)) {
      const message = options.fail.type === 'AccessDeniedException' ? 'User is not authorized to perform: pricing:GetProducts' : 'Rate exceeded';
      return json(options.fail.status, { __type: options.fail.type, Message: message });
    }
    const matching = products.filter(
      (p) => p.serviceCode === body.ServiceCode && (body.Filters ?? []).every((f) => f.Type === 'TERM_MATCH' && p.attributes[f.Field] === f.Value),
    );
    const start = body.NextToken ? Number(body.NextToken.split(':')[1]) : 0;
    const size = Math.min(pageSize, body.MaxResults ?? 100);
    const page = matching.slice(start, start + size);
    const next = start + size < matching.length ? `fake:${start + size}` : undefined;
    return json(200, { FormatVersion: 'aws_v1', PriceList: page.map(priceListEntry), ...(next ? { NextToken: next } : {}) });
  });
  return { handler, requests, bodies };
}

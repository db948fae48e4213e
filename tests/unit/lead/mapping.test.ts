/** The CreateLead request built from a lead, the local view of GetLeadDetail, and the three-way refresh plan. */
import {
  buildCreateLead,
  localView,
  planRefresh,
  viewAfterCreate,
  viewOfDetail,
  type LeadRow,
  type LeadView,
} from '../../../plugins/easycars/server/src/sync/lead/mapping';
import type { LeadDetailAnswer } from '../../../plugins/easycars/server/src/easycars';

const lead = (overrides: Partial<LeadRow> = {}): LeadRow => ({
  id: 1,
  documentId: 'doc123',
  name: ' Jo Bloggs ',
  email: 'jo@example.com',
  phone: '0400 111 222',
  message: 'Is it still available?',
  interest: 'test-drive',
  status: 'new',
  pushStatus: 'pending',
  ...overrides,
});

const vehicle = {
  make: 'MAZDA',
  model: 'CX-5',
  year: 2022,
  category: 'car',
  condition: 'used',
  price: '31990',
  specialPrice: null,
  stockNumber: '2763',
};

describe('buildCreateLead', () => {
  it('fills the vehicle members from the linked vehicle and the customer from the lead', () => {
    const plan = buildCreateLead(
      lead({ vehicle, rating: 'hot', financeStatus: 'maybe', sourcePageUrl: 'https://x.example/cars/1' })
    );
    expect(plan).toEqual({
      ok: true,
      request: {
        VehicleMake: 'MAZDA',
        VehicleModel: 'CX-5',
        VehicleType: 1,
        VehicleYear: 2022,
        IsVehicleNew: false,
        VehicleInterest: 4,
        ExternalID: 'doc123',
        StockNumber: '2763',
        VehiclePrice: 31990,
        Notes: 'Is it still available?',
        VehicleSourcePageURL: 'https://x.example/cars/1',
        FinanceStatus: 3,
        Rating: 3,
      },
      customer: { Name: 'Jo Bloggs', Email: 'jo@example.com', Phone: '0400 111 222' },
    });
  });

  it('prefers the special price, maps every category and only "new" as a new vehicle', () => {
    const types = { car: 1, motorbike: 2, boat: 3, caravan: 4, truck: 5, trailer: 6 } as const;
    for (const [category, code] of Object.entries(types)) {
      const plan = buildCreateLead(lead({ vehicle: { ...vehicle, category, condition: 'new', specialPrice: 29990 } }));
      expect(plan.ok && plan.request).toMatchObject({ VehicleType: code, IsVehicleNew: true, VehiclePrice: 29990 });
    }
    const demo = buildCreateLead(lead({ vehicle: { ...vehicle, condition: 'demo' } }));
    expect(demo.ok && demo.request.IsVehicleNew).toBe(false);
  });

  it("uses the lead's own vehicle fields when no vehicle is linked", () => {
    const plan = buildCreateLead(
      lead({
        vehicleMake: 'Ford',
        vehicleModel: 'Ranger',
        vehicleYear: 2019,
        vehicleType: 'truck',
        vehicleIsNew: false,
        interest: null,
      })
    );
    expect(plan.ok && plan.request).toMatchObject({
      VehicleMake: 'Ford',
      VehicleModel: 'Ranger',
      VehicleYear: 2019,
      VehicleType: 5,
      IsVehicleNew: false,
      VehicleInterest: 1,
    });
    expect(plan.ok && 'StockNumber' in plan.request).toBe(false);
  });

  it('names every missing required member, with what to do about it', () => {
    const plan = buildCreateLead(lead({ vehicleMake: 'Ford' }));
    expect(plan.ok).toBe(false);
    const reason = !plan.ok ? plan.reason : '';
    expect(reason).not.toMatch(/vehicle make/);
    expect(reason).toMatch(/vehicle model is missing: link a vehicle or fill Vehicle model/);
    expect(reason).toMatch(/vehicle year is missing/);
    expect(reason).toMatch(/vehicle type is missing/);
    expect(reason).toMatch(/whether the vehicle is new is missing/);

    const noVehicle = buildCreateLead(lead());
    expect(!noVehicle.ok && noVehicle.reason).toMatch(/^vehicle make is missing: link a vehicle or fill Vehicle make/);

    const noEmail = buildCreateLead(lead({ vehicle, email: '  ' }));
    expect(!noEmail.ok && noEmail.reason).toBe('customer e-mail is missing: fill Email');
    // A known customer number stands for the customer
    expect(buildCreateLead(lead({ vehicle, email: null, easycarsCustomerNo: '00004' })).ok).toBe(true);
  });

  it("keeps within EasyCars' lengths: long stock numbers and URLs are left out, long texts cut", () => {
    const plan = buildCreateLead(
      lead({
        vehicle: { ...vehicle, model: 'M'.repeat(60), stockNumber: 'S'.repeat(21) },
        sourcePageUrl: `https://x.example/${'p'.repeat(400)}`,
      })
    );
    expect(plan.ok && plan.request.VehicleModel).toHaveLength(50);
    expect(plan.ok && plan.request.StockNumber).toBeUndefined();
    expect(plan.ok && plan.request.VehicleSourcePageURL).toBeUndefined();
  });
});

const detail = (overrides: Partial<LeadDetailAnswer> = {}): LeadDetailAnswer => ({
  LeadNumber: '000001',
  StockNumber: null,
  VehicleMake: 'MAZDA',
  VehicleModel: 'CX-5',
  VehiclePrice: null,
  VehicleType: 1,
  VehicleYear: 2022,
  IsVehicleNew: false,
  VehicleInterest: 4,
  Notes: 'Is it still available?',
  VehicleSourcePageURL: null,
  FinanceStatus: null,
  Rating: 2,
  ExternalID: 'doc123',
  CreatedDateTime: '28/11/2024 10:42:12',
  CustomerNo: '00005',
  CustomerName: 'Jo Bloggs',
  CustomerEmail: 'jo@example.com',
  CustomerAddress: null,
  CustomerCity: null,
  CustomerState: null,
  CustomerPostCode: null,
  CustomerFax: null,
  CustomerPhone: '0400 111 222',
  CustomerMobile: null,
  ...overrides,
});

describe('viewOfDetail and viewAfterCreate', () => {
  it('reads the answer in local terms, with status only when LeadStatus is there', () => {
    expect(viewOfDetail(detail())).toEqual({
      name: 'Jo Bloggs',
      email: 'jo@example.com',
      phone: '0400 111 222',
      mobile: null,
      address: null,
      city: null,
      state: null,
      postCode: null,
      message: 'Is it still available?',
      easycarsCustomerNo: '00005',
      interest: 'test-drive',
      financeStatus: null,
      rating: 'warm',
    });
    expect(viewOfDetail(detail({ LeadStatus: 50 })).status).toBe('won');
    expect(viewOfDetail(detail({ LeadStatus: 77 })).status).toBeUndefined();
  });

  it("takes a reused customer's details as what EasyCars holds", () => {
    const plan = buildCreateLead(lead({ vehicle }));
    if (!plan.ok) throw new Error(plan.reason);
    const contact = {
      CustomerNo: '00002',
      Name: 'Joanne Bloggs',
      Email: 'jo@example.com',
      Phone: '',
      Mobile: '0411',
      Address: '',
      City: 'Sydney',
      State: 'NSW',
      PostCode: '2000',
      Country: '',
      ABN: '',
    };
    expect(viewAfterCreate(plan.request, plan.customer, '00002', contact)).toMatchObject({
      name: 'Joanne Bloggs',
      phone: null,
      mobile: '0411',
      city: 'Sydney',
      easycarsCustomerNo: '00002',
      status: 'new',
      interest: 'test-drive',
    });
    expect(viewAfterCreate(plan.request, plan.customer, '00009', null)).toMatchObject({
      name: 'Jo Bloggs',
      phone: '0400 111 222',
    });
  });
});

describe('planRefresh', () => {
  const base: LeadView = {
    name: 'Jo Bloggs',
    phone: '0400 111 222',
    message: 'Hi',
    rating: null,
    status: 'new',
    easycarsCustomerNo: '00005',
  };
  const local = (over: Partial<LeadRow> = {}) =>
    localView(lead({ message: 'Hi', easycarsCustomerNo: '00005', ...over }));
  const plan = (
    l: ReturnType<typeof local>,
    remote: LeadView,
    extra: Partial<Parameters<typeof planRefresh>[0]> = {}
  ) =>
    planRefresh({
      base,
      local: l,
      remote,
      remoteStatusPushed: 'new',
      statusPushRejected: null,
      frozen: new Set(),
      ...extra,
    });

  it('applies a field changed only in EasyCars and keeps one changed only here', () => {
    const p = plan(local({ phone: '0499 999 999' }), { ...base, name: 'Joanne Bloggs' });
    expect(p.apply).toEqual({ name: 'Joanne Bloggs' });
    expect(p.conflicts).toEqual([]);
    expect(p.nextBase).toMatchObject({ name: 'Joanne Bloggs', phone: '0400 111 222' });
    expect(p.pushStatus).toBeNull();
  });

  it('reports a field changed on both sides to different values, and leaves its base alone', () => {
    const p = plan(local({ phone: '0499 999 999' }), { ...base, phone: '0488 888 888' });
    expect(p.conflicts).toEqual(['phone']);
    expect(p.apply).toEqual({});
    expect(p.nextBase.phone).toBe('0400 111 222');
    // the same change on both sides is no conflict
    expect(plan(local({ phone: '0488 888 888' }), { ...base, phone: '0488 888 888' }).conflicts).toEqual([]);
  });

  it('without LeadStatus, sends a local status that EasyCars does not have yet', () => {
    expect(plan(local({ status: 'won' }), { ...base, status: undefined }).pushStatus).toBe('won');
    expect(plan(local({ status: 'new' }), { ...base, status: undefined }).pushStatus).toBeNull();
    expect(
      plan(local({ status: 'won' }), { ...base, status: undefined }, { statusPushRejected: 'won' }).pushStatus
    ).toBeNull();
  });

  it('with LeadStatus, compares three-way: remote only → applied, local only → sent, both → conflict', () => {
    const remoteOnly = plan(local({ status: 'new' }), { ...base, status: 'in-progress' });
    expect(remoteOnly.apply).toEqual({ status: 'in-progress' });
    expect(remoteOnly.remoteStatus).toBe('in-progress');
    expect(remoteOnly.pushStatus).toBeNull();

    const localOnly = plan(local({ status: 'lost' }), { ...base, status: 'new' });
    expect(localOnly.pushStatus).toBe('lost');
    expect(localOnly.apply).toEqual({});

    const both = plan(local({ status: 'lost' }), { ...base, status: 'won' });
    expect(both.conflicts).toEqual(['status']);
    expect(both.pushStatus).toBeNull();
    expect(both.apply).toEqual({});
  });

  it('never sends another status over Deleted', () => {
    const p = plan(
      local({ status: 'won' }),
      { ...base, status: undefined },
      { remoteStatusPushed: 'deleted', base: { ...base, status: 'deleted' } }
    );
    expect(p.pushStatus).toBeNull();
    expect(p.blocked).toMatch(/Deleted is final/);
    expect(plan(local({ status: 'deleted' }), { ...base, status: undefined }).pushStatus).toBe('deleted');
  });

  it('leaves fields under an open conflict alone', () => {
    const p = plan(
      local({ status: 'lost', phone: '1' }),
      { ...base, status: 'won', phone: '2' },
      { frozen: new Set(['status', 'phone']) }
    );
    expect(p).toMatchObject({ apply: {}, conflicts: [], pushStatus: null });
  });

  it("without a base, adopts EasyCars' values as the base and only fills empty local fields", () => {
    const p = plan(
      local({ city: null, phone: '0499' }),
      { ...base, city: 'Sydney', phone: '0400' },
      { base: null, remoteStatusPushed: null }
    );
    expect(p.apply).toEqual({ city: 'Sydney' });
    expect(p.nextBase).toMatchObject({ city: 'Sydney', phone: '0400' });
  });

  it("follows EasyCars' customer number", () => {
    expect(plan(local(), { ...base, easycarsCustomerNo: '00007' }).apply).toEqual({ easycarsCustomerNo: '00007' });
  });
});

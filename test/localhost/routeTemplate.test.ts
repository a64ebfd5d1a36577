import { byPrecedence, compileRoute, pathSegments } from '../../localhost/routeTemplate';

describe('Functions route templates', () => {
  it('matches literals case-insensitively and returns the parameters decoded', () => {
    const route = compileRoute('tenants/{msTenantId}/numbers/{telephoneNumber}');
    expect(route.match(pathSegments('Tenants/abc/NUMBERS/%2B12065550100') ?? [])).toEqual({ msTenantId: 'abc', telephoneNumber: '+12065550100' });
    expect(route.match(pathSegments('tenants/abc/numbers') ?? [])).toBeUndefined();
    expect(route.match(pathSegments('tenants/abc/numbers/1/extra') ?? [])).toBeUndefined();
  });

  it('keeps an encoded slash inside its segment', () => {
    expect(compileRoute('files/{name}').match(pathSegments('files/a%2Fb') ?? [])).toEqual({ name: 'a/b' });
  });

  it('refuses a path that is not valid percent-encoding', () => {
    expect(pathSegments('tenants/%E0%A4%A')).toBeUndefined();
  });

  it('honours optional and catch-all parameters', () => {
    const optional = compileRoute('items/{id?}');
    expect(optional.match(['items'])).toEqual({});
    expect(optional.match(['items', '7'])).toEqual({ id: '7' });
    const catchAll = compileRoute('static/{*rest}');
    expect(catchAll.match(['static', 'a', 'b.css'])).toEqual({ rest: 'a/b.css' });
    expect(catchAll.match(['static'])).toEqual({});
  });

  it.each([
    ['{id:int}', '42', '4x2'],
    ['{id:guid}', '22222222-2222-4222-8222-222222222222', 'not-a-guid'],
    ['{flag:bool}', 'True', 'yes'],
    ['{name:alpha}', 'abc', 'ab1'],
    ['{code:regex(^[a-z]{{2}}$)}', 'ab', 'abc'],
    ['{name:minlength(2):maxlength(3)}', 'abc', 'abcd'],
    ['{n:range(1,9)}', '9', '10'],
  ])('applies the constraint %s', (segment, accepted, refused) => {
    const route = compileRoute(`x/${segment.replace('{{2}}', '{2}')}`);
    expect(route.match(['x', accepted])).toBeDefined();
    expect(route.match(['x', refused])).toBeUndefined();
  });

  it('names a constraint it does not know instead of ignoring it', () => {
    expect(() => compileRoute('x/{id:fancy}')).toThrow(/does not know the constraint "fancy"/);
  });

  it('orders literal segments before parameters, and catch-alls last', () => {
    const templates = ['changes/{*rest}', 'changes/{id}', 'changes/poll', 'changes/{id:int}'];
    expect(
      templates
        .map(compileRoute)
        .sort(byPrecedence)
        .map((route) => route.template),
    ).toEqual(['changes/poll', 'changes/{id:int}', 'changes/{id}', 'changes/{*rest}']);
  });
});

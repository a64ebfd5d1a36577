import { withholdReleases } from '../../shared/snapshots/massRemovalGuard';

describe('withholdReleases (the mass-removal guard)', () => {
  test.each([
    [{ releases: 6, previouslyActive: 10, upstreamCount: 5, force: false }, true],
    [{ releases: 5, previouslyActive: 10, upstreamCount: 5, force: false }, false],
    [{ releases: 6, previouslyActive: 10, upstreamCount: 5, force: true }, false],
    [{ releases: 1, previouslyActive: 1, upstreamCount: 0, force: false }, true],
    [{ releases: 0, previouslyActive: 0, upstreamCount: 0, force: false }, false],
  ])('for %j at ratio 0.5 withholds: %s', (input, expected) => {
    expect(withholdReleases({ ...input, maxRemovalRatio: 0.5 })).toBe(expected);
  });

  test('an empty answer for a tenant that had numbers is withheld whatever the ratio, unless forced', () => {
    expect(withholdReleases({ releases: 3, previouslyActive: 3, upstreamCount: 0, maxRemovalRatio: 1, force: false })).toBe(true);
    expect(withholdReleases({ releases: 3, previouslyActive: 3, upstreamCount: 0, maxRemovalRatio: 1, force: true })).toBe(false);
  });

  test('the ratio is a strict bound: exactly at it is real churn, just over it is withheld', () => {
    expect(withholdReleases({ releases: 25, previouslyActive: 100, upstreamCount: 75, maxRemovalRatio: 0.25, force: false })).toBe(false);
    expect(withholdReleases({ releases: 26, previouslyActive: 100, upstreamCount: 74, maxRemovalRatio: 0.25, force: false })).toBe(true);
    // Ratio 0: any release is withheld; ratio 1: only an empty answer is.
    expect(withholdReleases({ releases: 1, previouslyActive: 100, upstreamCount: 99, maxRemovalRatio: 0, force: false })).toBe(true);
    expect(withholdReleases({ releases: 99, previouslyActive: 100, upstreamCount: 1, maxRemovalRatio: 1, force: false })).toBe(false);
  });
});

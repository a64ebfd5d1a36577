import { createOnce } from '../../shared/storage/createOnce';

describe('createOnce', () => {
  it('asks once per URL: concurrent and later callers share the first request', async () => {
    let requests = 0;
    const create = async () => {
      requests += 1;
    };
    await Promise.all([createOnce('http://account/once-a', create), createOnce('http://account/once-a', create)]);
    await createOnce('http://account/once-a', create);
    expect(requests).toBe(1);
    await createOnce('http://account/once-b', create);
    expect(requests).toBe(2);
  });

  it('forgets a failed request, so the next use asks again', async () => {
    let requests = 0;
    const create = async () => {
      requests += 1;
      if (requests === 1) throw new Error('storage unreachable');
    };
    await expect(createOnce('http://account/flaky', create)).rejects.toThrow('storage unreachable');
    await createOnce('http://account/flaky', create);
    await createOnce('http://account/flaky', create);
    expect(requests).toBe(2);
  });
});

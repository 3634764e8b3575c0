import { modelUrls, ModelLoader } from '../../src/tour';
import { fakeFetch, smallBundle } from './helpers';

describe('loading a shipped model', () => {
  it('fetches both files by URLs relative to the page', () => {
    expect(modelUrls('zh-numerals')).toEqual({ json: 'models/zh-numerals.json', safetensors: 'models/zh-numerals.safetensors' });
  });

  it('loads a bundle once and shares it', async () => {
    const fetch = fakeFetch([smallBundle('sort')]);
    const loader = new ModelLoader(fetch);
    const [a, b] = await Promise.all([loader.load('sort'), loader.load('sort')]);
    expect(a).toBe(b);
    expect(a.meta.task).toBe('sort');
    expect(a.model.config.dModel).toBe(16);
    expect(fetch.requests).toEqual(['models/sort.json', 'models/sort.safetensors']);
  });

  it('a missing model is an error naming the file, and a later load tries again', async () => {
    const fetch = fakeFetch([]);
    const loader = new ModelLoader(fetch);
    await expect(loader.load('date')).rejects.toThrow('models/date.json: HTTP 404');
    await expect(loader.load('date')).rejects.toThrow('HTTP 404');
    expect(fetch.requests.filter((u) => u.endsWith('.json')).length).toBe(2);
  });

  it('refuses a file that holds another task’s model', async () => {
    const b = smallBundle('sort');
    const wrong = { ...b, meta: { ...b.meta, task: 'sort' } };
    const fetch = fakeFetch([wrong]);
    const loader = new ModelLoader((url) => fetch(url.replace('reverse', 'sort')));
    await expect(loader.load('reverse')).rejects.toThrow('holds the model of “sort”');
  });
});

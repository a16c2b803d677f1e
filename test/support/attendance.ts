import { csrfFrom, type Agent } from './app';

/** The attendance sheet's form as the browser would send it, with some fields changed. */
export async function sheetForm(agent: Agent, sessionId: number, over: Record<string, string> = {}) {
  const html = (await agent.get(`/sessions/${sessionId}/attendance`)).text;
  const form: Record<string, string> = { _csrf: csrfFrom(html) };
  for (const m of html.matchAll(/name="o_(\d+)" value="([^"]*)"/g)) {
    const id = m[1]!;
    form[`o_${id}`] = m[2]!;
    form[`s_${id}`] = new RegExp(`name="s_${id}"[\\s\\S]*?<option value="([^"]*)" selected`).exec(html)![1]!;
    form[`m_${id}`] = new RegExp(`name="m_${id}" value="([^"]*)"`).exec(html)![1]!;
    form[`n_${id}`] = new RegExp(`name="n_${id}" value="([^"]*)"`).exec(html)![1]!;
  }
  return { ...form, ...over };
}

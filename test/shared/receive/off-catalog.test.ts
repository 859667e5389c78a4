import { profiles, verifyDelivery } from '../../../shared';

test('receive() of data off its schema reports the issues without building a ZodError', async () => {
	// safeParse (and parse) build a ZodError, an Error with a stack, per mismatching event: the
	// cost that made off-catalog payloads the slow path. validateData never calls them.
	const profile = profiles.velaflows;
	const event = profile?.events.find((e) => e.type === 'inbox.message.received');
	if (!profile || !event) throw new Error('no catalog event');
	const safeParse = jest.spyOn(event.schema, 'safeParse');
	const parse = jest.spyOn(event.schema, 'parse');
	const body = JSON.stringify({ ...event.sample, data: { message_id: 'm1', channel: 'WhatsApp' } });
	const received = verifyDelivery(profile, { body }, { skipVerification: true });
	expect(received.validation.ok).toBe(false);
	expect(received.validation.issues.map((issue) => issue.path)).toEqual(
		expect.arrayContaining(['messageId', 'channel']),
	);
	expect(safeParse).not.toHaveBeenCalled();
	expect(parse).not.toHaveBeenCalled();
	safeParse.mockRestore();
	parse.mockRestore();
});

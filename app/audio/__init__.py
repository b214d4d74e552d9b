"""Sound for a session: cue synthesis, a pre-built cue bank, outputs and a WAV renderer.

Nothing here imports Qt. A session's every buffer is synthesised before it starts
(:class:`~app.audio.cue_bank.CueBank`), so that playing a cue is only a copy to the device.
"""
